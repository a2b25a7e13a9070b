"""Starts Rasa: ``python -m rasa_addons.run run --model models …``, the ``rasa`` command's own
arguments, and then the ``rasa`` command itself.

One thing first. Rasa 3.6 loads its intent classifier (config.yml) with skops 0.9. When skops.io is
first imported, it lists the types it trusts, and for each of numpy's and scipy's ufuncs
`pickle.whichmodule` searches every module loaded so far. Imported by Rasa, after TensorFlow
(5,400 modules), that took 6 of Rasa's 21 s start on 2 cores; imported here, first (1,400
modules), it takes under 1 s more than importing it costs anyway.

Then what Rasa loads for serving (TensorFlow among it, ~420,000 objects) is imported and set aside
from the garbage collector (`gc.freeze`). Each full collection used to walk all of it, ~230 ms
during which no message was handled.
"""
import gc

import skops.io  # noqa: F401  (first: see above)

if __name__ == "__main__":
    import rasa.core.agent  # noqa: F401  (what `rasa run` imports anyway, here before the freeze)
    import rasa.core.run  # noqa: F401
    from rasa.__main__ import main

    gc.collect()
    gc.freeze()
    main()
