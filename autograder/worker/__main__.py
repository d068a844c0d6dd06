from autograder.worker.zygote import main

main()
