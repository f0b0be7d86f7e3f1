"""The statement (décompte) of a claim: the scalar computation, its inputs, its French explanation
and the columnar batch path."""
