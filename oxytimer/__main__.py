from oxytimer.cli import main

main()
