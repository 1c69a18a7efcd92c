from csjourney.cli import main

main()
