"""The program the user asked for (part of a harmless hooklab teaching fixture)."""


def main():
    print("hello from hooklab-pthwheel-hello")
