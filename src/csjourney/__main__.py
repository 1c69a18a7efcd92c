from csjourney.cli import main

# Guarded: worker processes started by spawning import this module again.
if __name__ == "__main__":
    main()
