# THROWAWAY: local testing only, deleted before handing back.
from entraide.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "entraide.demo"]  # noqa: F405
