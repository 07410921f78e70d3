from dyadwatch.cli.app import main

main()
