from coprod.cli import main

main()
