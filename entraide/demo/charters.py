"""Each demo territory's charter, published through the service as its staff would, and
accepted by the demo's named personas (as their sign-up would have); the generated accounts
accept it at their first visit of the territory."""

from collections.abc import Sequence

from entraide.accounts.models import User
from entraide.territories.models import Territory
from entraide.territories.services import accept_charters_at_signup, publish_charter

CHARTER = """## Notre charte

Ce territoire est un espace d’entraide. En y participant, chacun et chacune s’engage :

- **à la bienveillance** : on s’adresse aux autres comme on voudrait qu’on s’adresse à soi, on
  accueille les débutants, on remercie ;
- **à refuser la haine** : aucun propos raciste, sexiste, homophobe, validiste ou violent, aucun
  harcèlement ; ce qui est signalé est examiné par l’équipe du territoire ;
- **à ne pas faire de publicité** : les annonces commerciales n’ont pas leur place ici ;
  les associations présentent leurs actions, pas des produits.

De son côté, la plateforme s’engage :

- **ni publicité, ni pisteur** : aucune page ne charge de script, d’image ou de vidéo d’un autre
  site sans que vous le demandiez ;
- **aucune revente de données** : vos coordonnées ne sont montrées qu’à vous, et ne sont ni
  vendues ni cédées.
"""


def write_charters(
    territories: Sequence[Territory], publisher: User, personas: Sequence[User]
) -> int:
    """`publisher` is staff of every territory given."""
    for territory in territories:
        publish_charter(publisher, territory, text=CHARTER)
    for person in personas:
        accept_charters_at_signup(person)
    return len(territories)
