"""The words and habits the demo actions are built from: per interest, what associations
actually propose, at the hours they propose it (weekday evenings, Saturday mornings…).
A title or pitch that names a weekday ("Maraude du mardi soir") has hours on that day alone,
so that every one of its slots falls on it (entraide/demo/tests/test_demo_coherence.py).

`{de}` in a description is "de Saint-Dizier", "du 11e arrondissement"; `{ville}` is
"Saint-Dizier" or "Paris 11e". No title names a real organisation or event.
"""

from dataclasses import dataclass
from datetime import time

from entraide.actions.enums import ActionKind, Skill
from entraide.organisations.enums import Interest

MISSION, EVENT, BROADCAST = ActionKind.MISSION, ActionKind.EVENT, ActionKind.BROADCAST


@dataclass(frozen=True)
class Hours:
    """A usual time for an activity: on these weekdays (Monday = 0), from start to end."""

    weekdays: tuple[int, ...]
    start: time
    end: time


WEEKDAY_EVENING = Hours((0, 1, 2, 3, 4), time(18), time(20))
TUESDAY_EVENING = Hours((1,), time(18, 30), time(20, 30))
TUESDAY_LATE_EVENING = Hours((1,), time(20), time(23))
THURSDAY_LUNCHTIME = Hours((3,), time(11, 30), time(14))
SATURDAY_MORNING = Hours((5,), time(9), time(12))
SATURDAY_AFTERNOON = Hours((5,), time(14), time(17, 30))
SUNDAY_MORNING = Hours((6,), time(9, 30), time(12, 30))
WEDNESDAY_AFTERNOON = Hours((2,), time(14), time(17))
WEEKDAY_MORNING = Hours((0, 1, 3, 4), time(8, 30), time(11, 30))
WEEKDAY_AFTERNOON = Hours((0, 1, 3, 4), time(14), time(16, 30))
LUNCHTIME = Hours((0, 2, 4), time(11, 30), time(14))
EVENING_TALK = Hours((1, 2, 3), time(19), time(20, 30))
WEEKEND_DAY = Hours((5, 6), time(10), time(17))


@dataclass(frozen=True)
class ActivityTemplate:
    """One kind of action an organisation of an interest proposes."""

    title: str
    kind: str
    hours: tuple[Hours, ...]
    pitch: str
    skills: tuple[int, ...] = ()
    capacity: tuple[int, int] | None = (4, 30)  # None: no limit (public events, broadcasts)
    weekly: bool = False  # usually a weekly rendez-vous rather than a few dates
    open_to_minors: bool = False
    requires_approval: bool = False
    max_companions: int = 0


S = Skill
ACTIVITIES: dict[Interest, tuple[ActivityTemplate, ...]] = {
    Interest.SOLIDARITY: (
        ActivityTemplate("Distribution alimentaire du samedi", MISSION, (SATURDAY_MORNING,),
            "Accueillir les familles, préparer les colis et tenir l’épicerie pendant la distribution.",
            (S.LOGISTICS, S.SUPPORT), (6, 15), weekly=True),
        ActivityTemplate("Maraude du mardi soir", MISSION, (TUESDAY_LATE_EVENING,),
            "Aller à la rencontre des personnes à la rue avec une boisson chaude et un moment d’écoute. Binôme avec un bénévole expérimenté.",
            (S.SUPPORT, S.DRIVING), (4, 8), weekly=True, requires_approval=True),
        ActivityTemplate("Tri des dons au vestiaire solidaire", MISSION, (WEEKDAY_AFTERNOON, SATURDAY_MORNING),
            "Trier, plier et ranger les vêtements donnés avant l’ouverture du vestiaire.",
            (S.LOGISTICS,), (4, 10), open_to_minors=True),
        ActivityTemplate("Collecte en supermarché", MISSION, (SATURDAY_MORNING, SATURDAY_AFTERNOON),
            "Tenir un point de collecte à l’entrée du magasin et expliquer notre action aux clients.",
            (S.COMMUNICATION, S.LOGISTICS), (8, 30), open_to_minors=True),
        ActivityTemplate("Repas partagé du jeudi", MISSION, (THURSDAY_LUNCHTIME,),
            "Cuisiner et servir un repas chaud, puis partager la table avec les convives.",
            (S.COOKING,), (4, 12), weekly=True),
    ),
    Interest.ENVIRONMENT: (
        ActivityTemplate("Chantier nature : arrachage de renouée", MISSION, (SATURDAY_MORNING,),
            "Arracher la renouée du Japon le long des berges pour laisser revenir la flore locale. Gants et outils fournis.",
            (S.GARDENING,), (8, 25), open_to_minors=True, max_companions=2),
        ActivityTemplate("Nettoyage des berges", EVENT, (SATURDAY_MORNING, SUNDAY_MORNING),
            "Un grand ramassage des déchets le long de la rivière, en famille ou entre amis.",
            (), None, open_to_minors=True, max_companions=4),
        ActivityTemplate("Repair café", EVENT, (SATURDAY_AFTERNOON,),
            "Venez réparer votre grille-pain, votre vélo ou votre ordinateur avec nos bricoleurs, ou devenez l’un d’eux.",
            (S.DIY, S.COMPUTING), None, open_to_minors=True, max_companions=2),
        ActivityTemplate("Atelier compost au jardin partagé", MISSION, (WEDNESDAY_AFTERNOON, SATURDAY_MORNING),
            "Retourner le compost, tamiser le terreau et apprendre les bons gestes.",
            (S.GARDENING,), (4, 10), weekly=True, open_to_minors=True),
        ActivityTemplate("Plantation de haies champêtres", MISSION, (SATURDAY_MORNING,),
            "Planter une haie de deux cents mètres avec les agriculteurs du coin.",
            (S.GARDENING, S.DIY), (10, 30), open_to_minors=True, max_companions=2),
    ),
    Interest.CULTURE: (
        ActivityTemplate("Accueil du public au festival", MISSION, (WEEKEND_DAY,),
            "Accueillir les spectateurs, tenir la billetterie et orienter le public.",
            (S.COMMUNICATION, S.FACILITATION), (6, 20)),
        ActivityTemplate("Lecture à voix haute à la médiathèque", MISSION, (WEDNESDAY_AFTERNOON,),
            "Lire des albums aux enfants le mercredi après-midi.",
            (S.FACILITATION,), (2, 6), weekly=True, open_to_minors=True),
        ActivityTemplate("Concert de printemps", EVENT, (SATURDAY_AFTERNOON, EVENING_TALK),
            "Notre concert de saison, entrée libre ; nous cherchons aussi des bras pour l’installation.",
            (S.LOGISTICS,), None, open_to_minors=True, max_companions=3),
        ActivityTemplate("Conférence en ligne : l’histoire de notre ville", BROADCAST, (EVENING_TALK,),
            "Une conférence diffusée en direct, suivie de questions du public.",
            (), None, open_to_minors=True),
    ),
    Interest.SPORT: (
        ActivityTemplate("Tournoi de foot solidaire", EVENT, (WEEKEND_DAY,),
            "Un tournoi ouvert à tous au profit d’une association locale : équipes mixtes bienvenues.",
            (S.FACILITATION, S.LOGISTICS), None, open_to_minors=True, max_companions=4),
        ActivityTemplate("Encadrement de l’école de sport", MISSION, (WEDNESDAY_AFTERNOON,),
            "Aider l’éducateur à encadrer les enfants de 6 à 10 ans.",
            (S.FACILITATION,), (2, 5), weekly=True, requires_approval=True),
        ActivityTemplate("Buvette du match à domicile", MISSION, (SATURDAY_AFTERNOON, SUNDAY_MORNING),
            "Tenir la buvette et la caisse pendant le match de l’équipe première.",
            (S.COOKING, S.LOGISTICS), (3, 6), open_to_minors=True),
        ActivityTemplate("Marche nordique pour tous", MISSION, (SUNDAY_MORNING, WEEKDAY_MORNING),
            "Accompagner un groupe de marcheurs débutants sur une boucle de 8 km.",
            (S.SUPPORT,), (4, 15), weekly=True),
    ),
    Interest.EDUCATION: (
        ActivityTemplate("Aide aux devoirs", MISSION, (WEEKDAY_EVENING,),
            "Accompagner des collégiens dans leurs devoirs, une heure et demie par semaine.",
            (S.TUTORING,), (4, 12), weekly=True, requires_approval=True),
        ActivityTemplate("Atelier numérique pour les seniors", MISSION, (WEEKDAY_AFTERNOON,),
            "Aider des aînés à se servir de leur téléphone, de leur messagerie et des démarches en ligne.",
            (S.COMPUTING, S.SUPPORT), (4, 8), weekly=True),
        ActivityTemplate("Cours de français pour adultes", MISSION, (EVENING_TALK, WEEKDAY_MORNING),
            "Animer un petit groupe de conversation en français avec des adultes arrivés récemment.",
            (S.LANGUAGES, S.TUTORING), (4, 10), weekly=True, requires_approval=True),
        ActivityTemplate("Webinaire : accompagner la scolarité", BROADCAST, (EVENING_TALK,),
            "Une soirée d’échange en direct avec des enseignants et des parents.",
            (), None),
    ),
    Interest.HEALTH: (
        ActivityTemplate("Collecte de sang", EVENT, (LUNCHTIME, WEEKDAY_AFTERNOON),
            "Donnez votre sang, ou aidez-nous à accueillir les donneurs et à servir la collation.",
            (S.SUPPORT,), None, max_companions=1),
        ActivityTemplate("Initiation aux gestes qui sauvent", MISSION, (SATURDAY_MORNING,),
            "Deux heures pour apprendre à alerter, masser et défibriller.",
            (S.FIRST_AID,), (8, 12), open_to_minors=True),
        ActivityTemplate("Poste de secours au semi-marathon", MISSION, (SUNDAY_MORNING,),
            "Renforcer l’équipe de secouristes sur le parcours ; diplôme de secourisme demandé.",
            (S.FIRST_AID,), (6, 20), requires_approval=True),
    ),
    Interest.ANIMALS: (
        ActivityTemplate("Promenade des chiens du refuge", MISSION, (SATURDAY_MORNING, WEEKDAY_AFTERNOON),
            "Sortir les chiens du refuge pour une promenade d’une heure en forêt.",
            (), (4, 10), weekly=True),
        ActivityTemplate("Journée portes ouvertes du refuge", EVENT, (WEEKEND_DAY,),
            "Rencontrer nos pensionnaires et les bénévoles ; adoptions sur rendez-vous.",
            (S.COMMUNICATION,), None, open_to_minors=True, max_companions=3),
    ),
    Interest.CITIZENSHIP: (
        ActivityTemplate("Tenue du bureau de vote citoyen", MISSION, (SUNDAY_MORNING,),
            "Tenir le bureau et dépouiller la consultation de quartier.",
            (S.LOGISTICS,), (4, 8)),
        ActivityTemplate("Débat en direct : la vie de quartier", BROADCAST, (EVENING_TALK,),
            "Un débat diffusé en direct avec les conseils de quartier ; posez vos questions en ligne.",
            (), None, open_to_minors=True),
        ActivityTemplate("Fête de quartier", EVENT, (SATURDAY_AFTERNOON,),
            "Stands, musique et repas partagé : venez en voisins !",
            (S.FACILITATION, S.COOKING), None, open_to_minors=True, max_companions=4),
    ),
    Interest.YOUTH: (
        ActivityTemplate("Animation du centre de loisirs", MISSION, (WEDNESDAY_AFTERNOON,),
            "Proposer un jeu ou un atelier aux enfants du centre de loisirs.",
            (S.FACILITATION,), (2, 6), weekly=True, requires_approval=True),
        ActivityTemplate("Chantier jeunes : rénovation du local", MISSION, (SATURDAY_MORNING,),
            "Peindre et aménager le local des jeunes avec eux.",
            (S.DIY,), (6, 15), open_to_minors=True),
    ),
    Interest.SENIORS: (
        ActivityTemplate("Visite de convivialité en maison de retraite", MISSION, (WEEKDAY_AFTERNOON,),
            "Passer un après-midi avec les résidents : jeux de société, lecture, conversation.",
            (S.SUPPORT,), (2, 6), weekly=True),
        ActivityTemplate("Accompagnement aux courses", MISSION, (WEEKDAY_MORNING,),
            "Conduire une personne âgée au marché et l’aider à porter ses courses.",
            (S.DRIVING, S.SUPPORT), (2, 4), requires_approval=True),
        ActivityTemplate("Thé dansant solidaire", EVENT, (SATURDAY_AFTERNOON,),
            "Un après-midi dansant ouvert à tous, au profit du club des aînés.",
            (S.FACILITATION,), None, max_companions=2),
    ),
    Interest.DISABILITY: (
        ActivityTemplate("Sortie accompagnée au marché", MISSION, (SATURDAY_MORNING,),
            "Accompagner en binôme une personne en fauteuil pour une sortie au marché.",
            (S.SUPPORT,), (4, 8), requires_approval=True),
        ActivityTemplate("Match de basket fauteuil", EVENT, (SATURDAY_AFTERNOON,),
            "Venez découvrir le basket fauteuil, et l’essayer !",
            (), None, open_to_minors=True, max_companions=3),
    ),
    Interest.HOUSING: (
        ActivityTemplate("Déménagement solidaire", MISSION, (SATURDAY_MORNING,),
            "Aider une famille relogée à porter les cartons et monter les meubles.",
            (S.DIY, S.DRIVING, S.LOGISTICS), (4, 8)),
        ActivityTemplate("Permanence logement", MISSION, (WEEKDAY_EVENING,),
            "Accueillir et orienter les personnes qui cherchent un logement.",
            (S.SUPPORT,), (2, 4), weekly=True, requires_approval=True),
    ),
    Interest.EMPLOYMENT: (
        ActivityTemplate("Simulations d’entretien d’embauche", MISSION, (WEEKDAY_EVENING,),
            "Jouer le recruteur le temps d’un entretien, puis donner des conseils.",
            (S.SUPPORT, S.COMMUNICATION), (4, 10)),
        ActivityTemplate("Atelier CV et lettre de motivation", MISSION, (WEEKDAY_MORNING,),
            "Aider à rédiger un CV clair et une lettre de motivation.",
            (S.COMPUTING, S.SUPPORT), (3, 8), weekly=True),
    ),
    Interest.HERITAGE: (
        ActivityTemplate("Chantier de restauration du lavoir", MISSION, (SATURDAY_MORNING,),
            "Rejointoyer les pierres du lavoir avec un tailleur de pierre.",
            (S.DIY,), (6, 12), open_to_minors=True),
        ActivityTemplate("Visite guidée du vieux bourg", EVENT, (SUNDAY_MORNING, SATURDAY_AFTERNOON),
            "Une visite commentée des rues anciennes, ouverte à tous.",
            (S.FACILITATION,), None, open_to_minors=True, max_companions=4),
    ),
    Interest.INTERNATIONAL: (
        ActivityTemplate("Collecte de matériel scolaire", MISSION, (SATURDAY_MORNING,),
            "Collecter, trier et emballer le matériel scolaire pour nos écoles partenaires.",
            (S.LOGISTICS,), (6, 20), open_to_minors=True),
        ActivityTemplate("Soirée d’échange en direct avec nos partenaires", BROADCAST, (EVENING_TALK,),
            "Rencontre en direct avec l’équipe de nos partenaires, sous-titrée en français.",
            (S.LANGUAGES,), None, open_to_minors=True),
    ),
    Interest.LEISURE: (
        ActivityTemplate("Après-midi jeux de société", EVENT, (SATURDAY_AFTERNOON, WEDNESDAY_AFTERNOON),
            "Des dizaines de jeux à découvrir, pour toute la famille.",
            (S.FACILITATION,), None, weekly=True, open_to_minors=True, max_companions=4),
        ActivityTemplate("Atelier tricot solidaire", MISSION, (WEEKDAY_AFTERNOON,),
            "Tricoter des bonnets et des écharpes pour la maraude de l’hiver.",
            (), (4, 12), weekly=True),
    ),
}  # fmt: skip

# The demo's own association gets the actions the tests and the README speak of.
JARDINS_ACTIVITIES: tuple[ActivityTemplate, ...] = (
    ActivityTemplate("Chantier collectif du samedi matin", MISSION, (SATURDAY_MORNING,),
        "Désherber, pailler et récolter ensemble les parcelles partagées. Venez avec vos bottes.",
        (S.GARDENING,), (12, 12), weekly=True, open_to_minors=True, max_companions=2),
    ActivityTemplate("Atelier compost du mardi soir", MISSION, (TUESDAY_EVENING,),
        "Apprendre à composter et entretenir les bacs du jardin.",
        (S.GARDENING,), (4, 4), weekly=True),
    ActivityTemplate("Troc de graines et de plants", EVENT, (SUNDAY_MORNING,),
        "Apportez vos graines et vos boutures, repartez avec celles des autres.",
        (), None, open_to_minors=True, max_companions=3),
)  # fmt: skip

ACCESSIBILITY_NOTES = (
    "Lieu de plain-pied, accessible en fauteuil roulant.",
    "Toilettes adaptées ; accès par la rampe côté parking.",
    "Terrain en pente : prévoir de bonnes chaussures.",
    "Étage sans ascenseur ; contactez-nous pour une solution adaptée.",
)
# Said of a live broadcast: nobody comes anywhere.
ONLINE_PRACTICAL_LINES = (
    "Le lien de la diffusion s’ouvre quelques minutes avant le début ; rien à installer.",
    "Posez vos questions dans la discussion en ligne pendant la diffusion.",
    "Vous pouvez suivre depuis un téléphone ou un ordinateur, caméra éteinte.",
)
PRACTICAL_LINES = (
    "Aucune expérience n’est nécessaire : nous vous accueillons et vous expliquons tout sur place.",
    "Rendez-vous quinze minutes avant le début pour le café d’accueil.",
    "Pensez à une tenue adaptée ; le matériel est fourni.",
    "Vous pouvez venir une seule fois ou chaque semaine, comme vous le pouvez.",
)
