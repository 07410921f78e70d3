// The API documentation page (/docs): Swagger UI, served from this app, over /openapi.json.
window.addEventListener('load', () => {
  window.SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
