"""Pure French law: dated parameters, periods, interest, indemnity, imputation, prescription,
procedural deadlines and judicial routes. Every function takes the date and the legal
parameters it uses as arguments; nothing here reads the clock, a file or a database."""
