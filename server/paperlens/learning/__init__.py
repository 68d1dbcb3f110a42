"""The learner: how each user's taste is learnt from their clicks and how papers are ranked.

Importing this package imports none of its modules: they bring scikit-learn (~1.1 s), which the
server loads after it starts answering (paperlens.state).
"""
