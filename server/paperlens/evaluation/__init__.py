"""Offline evaluation and speed benchmark of the learner (`paperlens eval`, `paperlens bench`).

Owns nothing the server runs: it loads a dataset of researchers' libraries, splits each library
into a few saves and a held-out rest, and ranks the candidates with the baselines and with the
server's own learning code (paperlens.learning.taste), side by side.
"""
