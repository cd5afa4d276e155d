from django.dispatch import Signal

# Sent with `organisation` after its verification status changed, so that apps built on
# organisations (the agenda lists only verified organisations' actions) keep their copies in step.
verification_changed = Signal()
