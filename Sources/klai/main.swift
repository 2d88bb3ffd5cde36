print("klai")
