"""schemathesis against the API's own OpenAPI spec: requests generated from the schema for every
operation, valid ones and ones that break it, a bounded number each; the answer is never a 5xx.

The operations are walked here, with Hypothesis driving each one's strategy, rather than through
schemathesis' pytest plugin, which does not load under this pytest."""

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

EXAMPLES = 25  # per operation: bounded so the whole run stays near a minute here


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, ingest_demo):
    from dyadwatch.api import create_app

    db = ingest_demo(tmp_path_factory.mktemp("fuzz") / "demo.duckdb", watch=True)
    # with a write token, so that the write operations run too
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, write_token="fuzz"))


def test_no_generated_request_makes_the_server_fail(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    tried: dict[str, int] = {}
    failures: list[tuple] = []
    modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)

    def check(label: str, case) -> None:
        if case.method.upper() == "POST":
            case.headers = {**(case.headers or {}), "Authorization": "Bearer fuzz"}
        response = case.call()
        tried[label] = tried.get(label, 0) + 1
        if response.status_code >= 500:
            failures.append((label, case.path_parameters, case.query, case.body, response.status_code,
                             response.text[:300]))

    def checker(label: str):
        def run_case(case) -> None:
            check(label, case)
        return run_case

    for operation, mode in ((o, m) for o in operations for m in modes):
        label = f"{operation.method.upper()} {operation.path} ({mode.value})"
        run = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                       database=None)(given(case=operation.as_strategy(generation_mode=mode))(checker(label)))
        try:
            run()
        except Unsatisfiable:  # an operation with nothing to break (no parameters, no body)
            assert mode == schemathesis.GenerationMode.NEGATIVE, label
    print(f"schemathesis: {sum(tried.values())} requests over {len(tried)} operations, {len(failures)} 5xx")
    assert not failures, failures[:5]
