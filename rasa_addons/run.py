"""Starts Rasa: ``python -m rasa_addons.run run --model models …``, the ``rasa`` command's own
arguments, and then the ``rasa`` command itself.

One thing first. Rasa 3.6 loads its intent classifier (config.yml) with skops 0.9. When skops.io is
first imported, it lists the types it trusts, and for each of numpy's and scipy's ufuncs
`pickle.whichmodule` searches every module loaded so far. Imported by Rasa, after TensorFlow
(5,400 modules), that took 6 of Rasa's 21 s start on 2 cores; imported here, first (1,400
modules), it takes under 1 s more than importing it costs anyway.
"""
import skops.io  # noqa: F401  (first: see above)
from rasa.__main__ import main

if __name__ == "__main__":
    main()
