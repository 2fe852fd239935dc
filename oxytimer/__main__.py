from oxytimer.launch import main

main()
