from civharm.cli import main

main()
