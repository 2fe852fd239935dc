"""The standalone app's entry point: the same as the ``oxytimer`` command."""

from oxytimer.launch import main

if __name__ == "__main__":
    main()
