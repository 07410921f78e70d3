from dyadwatch.evaluate.report import main

raise SystemExit(main())
