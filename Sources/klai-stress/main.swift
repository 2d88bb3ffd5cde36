print("klai-stress")
