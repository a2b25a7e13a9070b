"""What the readiness check and the hands-off plan say: questions, advice, the thesis sections
behind them and the trainers' discussion material, in bokmål and English.

Shared by actions/ (the forms) and bot/ (the trainer pages), so it lives once, here. It reads
the corpus description as data and imports none of actions/, bot/ or knowledge/.
"""
