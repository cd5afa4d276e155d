"""The words the demo data is built from: invented names, places and activities, per interest.

Placeholders in the templates: `{de}` is "de Saint-Dizier", "d’Éclaron", "du 11e arrondissement";
`{ville}` is "Saint-Dizier" or "Paris 11e"; `{lieu}` is an invented neighbourhood or landmark
with its article ("des Tilleuls"). No template names a real organisation.
"""

from dataclasses import dataclass

from entraide.organisations.enums import Interest, OrganisationKind

A = OrganisationKind.ASSOCIATION
COL = OrganisationKind.COLLECTIVE
INST = OrganisationKind.INSTITUTION
CO = OrganisationKind.COMPANY
PRO = OrganisationKind.PROFESSIONAL

# How often each kind appears: mostly associations, as on a real territory.
KIND_WEIGHTS: dict[str, int] = {A: 72, COL: 10, INST: 7, CO: 6, PRO: 5}


@dataclass(frozen=True)
class Theme:
    """What organisations of one interest are called, say of themselves and do."""

    names: tuple[tuple[str, str], ...]  # (kind, name template)
    short: tuple[str, ...]
    paragraphs: tuple[str, ...]
    activities: tuple[str, ...]
    related: tuple[Interest, ...]


THEMES: dict[Interest, Theme] = {
    Interest.SOLIDARITY: Theme(
        names=(
            (A, "Épicerie solidaire {lieu}"),
            (A, "Les Paniers du cœur — antenne {de}"),
            (A, "Entraide et partage {de}"),
            (A, "La Soupe du soir {de}"),
            (A, "Vestiaire solidaire {lieu}"),
            (COL, "Collectif des maraudes {de}"),
            (INST, "Centre communal d’action sociale {de}"),
            (CO, "Garage solidaire {lieu}"),
        ),
        short=(
            "Aide alimentaire et vestimentaire pour les familles {de}.",
            "Des repas chauds et un moment d’écoute, chaque semaine.",
            "Personne ne devrait rester seul face aux fins de mois difficiles.",
        ),
        paragraphs=(
            "Nous accueillons chaque semaine les personnes et les familles qui traversent une période difficile. Nos bénévoles collectent, trient et distribuent, mais surtout prennent le temps d’écouter.",
            "Née de la rencontre de quelques voisins, notre équipe organise des distributions et des temps conviviaux {de}. Toute aide compte, même une heure par mois.",
        ),
        activities=(
            "distribution de colis alimentaires le mardi et le vendredi",
            "collecte dans les supermarchés deux fois par an",
            "tri et mise en rayon des dons",
            "accueil café et écoute",
            "accompagnement dans les démarches administratives",
            "maraudes le soir en hiver",
        ),
        related=(Interest.HOUSING, Interest.HEALTH, Interest.EMPLOYMENT, Interest.SENIORS),
    ),
    Interest.ENVIRONMENT: Theme(
        names=(
            (A, "Les Jardins partagés {lieu}"),
            (A, "Nature et rivières {de}"),
            (A, "Zéro déchet {ville}"),
            (A, "Les Amis des haies {de}"),
            (A, "Compost et compagnie {lieu}"),
            (COL, "Collectif vélo {ville}"),
            (COL, "Les Glaneurs {lieu}"),
            (CO, "Recyclerie {lieu}"),
            (CO, "Atelier coopératif de réemploi {de}"),
        ),
        short=(
            "Jardiner, composter et réparer ensemble {de}.",
            "Protéger les rivières, les haies et les oiseaux de notre coin.",
            "Moins jeter, mieux réparer, partager davantage.",
        ),
        paragraphs=(
            "Nous cultivons des parcelles partagées et apprenons les uns des autres, débutants comme jardiniers chevronnés. Les récoltes sont partagées entre les membres et une épicerie solidaire.",
            "Notre association agit pour la biodiversité locale : plantations, nettoyages de berges et inventaires participatifs. Venez avec vos bottes, nous fournissons les gants.",
        ),
        activities=(
            "chantiers de plantation de haies en automne",
            "nettoyage des berges au printemps",
            "ateliers compost et paillage",
            "repair café le premier samedi du mois",
            "troc de graines et de plants",
            "comptage des oiseaux des jardins",
        ),
        related=(Interest.LEISURE, Interest.EDUCATION, Interest.CITIZENSHIP, Interest.ANIMALS),
    ),
    Interest.CULTURE: Theme(
        names=(
            (A, "Théâtre amateur {de}"),
            (A, "Chorale {lieu}"),
            (A, "Les Amis de la médiathèque {de}"),
            (A, "Harmonie municipale {de}"),
            (A, "Ciné-club {lieu}"),
            (A, "Atelier d’arts plastiques {de}"),
            (COL, "Collectif d’artistes {lieu}"),
            (INST, "École de musique intercommunale {de}"),
            (INST, "Médiathèque {lieu}"),
        ),
        short=(
            "La culture pour tous, près de chez vous.",
            "Chanter, jouer, créer : toute l’année {de}.",
            "Spectacles, ateliers et rencontres ouverts à tous les âges.",
        ),
        paragraphs=(
            "Depuis de longues années, nous faisons vivre la culture {de} avec des spectacles, des ateliers et des rencontres. Nos bénévoles montent les décors, tiennent la billetterie et accueillent le public.",
            "Amateurs passionnés, nous répétons chaque semaine et présentons nos créations plusieurs fois par an. Pas besoin d’être un artiste pour nous aider : chaque talent trouve sa place.",
        ),
        activities=(
            "répétitions hebdomadaires",
            "deux spectacles par saison",
            "ateliers d’initiation pour les enfants",
            "accueil du public et billetterie",
            "montage des décors et régie",
            "lectures à voix haute à la médiathèque",
        ),
        related=(Interest.YOUTH, Interest.HERITAGE, Interest.LEISURE, Interest.EDUCATION),
    ),
    Interest.SPORT: Theme(
        names=(
            (A, "Club de handball {de}"),
            (A, "Union sportive {de}"),
            (A, "Tennis de table {de}"),
            (A, "Les Randonneurs {lieu}"),
            (A, "Judo-club {de}"),
            (A, "Football club {de}"),
            (A, "Cyclotourisme {ville}"),
            (PRO, "Coaching sportif {lieu}"),
        ),
        short=(
            "Le sport pour tous, de l’école de sport aux vétérans.",
            "Bouger ensemble, dans la bonne humeur, {de}.",
            "Entraînements, compétitions et beaucoup de convivialité.",
        ),
        paragraphs=(
            "Notre club accueille petits et grands, en loisir comme en compétition. Les bénévoles sont le cœur du club : encadrement, arbitrage, buvette et déplacements.",
            "Nous proposons des séances adaptées à chaque niveau, avec un créneau sport-santé pour les plus de 60 ans. Les tournois de fin de saison sont notre grande fête.",
        ),
        activities=(
            "entraînements trois soirs par semaine",
            "école de sport le mercredi après-midi",
            "tournoi annuel en juin",
            "tenue de la buvette lors des matchs",
            "arbitrage et tenue de table de marque",
            "sorties du dimanche matin",
        ),
        related=(Interest.YOUTH, Interest.HEALTH, Interest.LEISURE, Interest.DISABILITY),
    ),
    Interest.EDUCATION: Theme(
        names=(
            (A, "Coup de pouce scolaire {de}"),
            (A, "Lire et faire lire {lieu}"),
            (A, "Les Savoirs partagés {de}"),
            (A, "Association des parents d’élèves {lieu}"),
            (A, "Alphabétisation et français pour tous {de}"),
            (INST, "Centre social {lieu}"),
            (PRO, "Atelier d’orthophonie {lieu}"),
        ),
        short=(
            "Aide aux devoirs et accompagnement scolaire {de}.",
            "Apprendre le français, à tout âge, en petits groupes.",
            "Partager ce que l’on sait, apprendre ce que l’on ignore.",
        ),
        paragraphs=(
            "Chaque soir de la semaine, des bénévoles accompagnent des élèves du primaire au lycée dans leurs devoirs. Une heure par semaine suffit pour changer une année scolaire.",
            "Nous proposons des ateliers de français et de calcul pour les adultes, en petits groupes bienveillants. Aucune compétence d’enseignant n’est requise : nous formons nos bénévoles.",
        ),
        activities=(
            "aide aux devoirs du lundi au jeudi",
            "ateliers de français pour adultes",
            "lectures dans les écoles maternelles",
            "échanges de savoirs entre habitants",
            "initiation au numérique",
        ),
        related=(Interest.YOUTH, Interest.CULTURE, Interest.EMPLOYMENT, Interest.CITIZENSHIP),
    ),
    Interest.HEALTH: Theme(
        names=(
            (A, "Amicale des donneurs de sang {de}"),
            (A, "Prévention santé {de}"),
            (A, "Les Blouses roses — comité {de}"),
            (A, "Secourisme et premiers gestes {de}"),
            (PRO, "Cabinet infirmier {lieu}"),
            (PRO, "Cabinet d’ergothérapie {lieu}"),
            (INST, "Maison de santé pluriprofessionnelle {lieu}"),
        ),
        short=(
            "Donner son sang, sauver des vies : rejoignez-nous.",
            "Prévention, premiers secours et présence auprès des malades.",
            "La santé de tous, l’affaire de chacun {de}.",
        ),
        paragraphs=(
            "Nous organisons les collectes de sang avec l’établissement de transfusion et accueillons les donneurs autour d’une collation. Chaque don compte, chaque bénévole aussi.",
            "Nos bénévoles forment aux gestes qui sauvent et mènent des actions de prévention dans les écoles et les entreprises du territoire.",
        ),
        activities=(
            "collectes de sang tous les deux mois",
            "formations aux premiers secours",
            "visites et animations à l’hôpital",
            "stands de prévention sur le marché",
            "accueil et collation des donneurs",
        ),
        related=(Interest.SOLIDARITY, Interest.SENIORS, Interest.DISABILITY, Interest.SPORT),
    ),
    Interest.ANIMALS: Theme(
        names=(
            (A, "Refuge et protection animale {de}"),
            (A, "Les Chats libres {lieu}"),
            (A, "Ligue de protection des oiseaux — groupe {de}"),
            (A, "Les Amis des ânes {de}"),
            (PRO, "Clinique vétérinaire {lieu}"),
        ),
        short=(
            "Recueillir, soigner et faire adopter les animaux abandonnés.",
            "Stériliser et nourrir les chats des rues {de}.",
            "Pour que chaque animal trouve un foyer.",
        ),
        paragraphs=(
            "Notre refuge accueille chiens et chats abandonnés jusqu’à leur adoption. Les bénévoles promènent, nourrissent, soignent et accompagnent les familles adoptantes.",
            "Nous veillons sur les colonies de chats libres avec les communes : trappage, stérilisation, nourrissage et familles d’accueil.",
        ),
        activities=(
            "promenades des chiens le week-end",
            "familles d’accueil temporaires",
            "journées portes ouvertes et adoptions",
            "collecte de croquettes en magasin",
            "nourrissage des colonies de chats",
        ),
        related=(Interest.ENVIRONMENT, Interest.EDUCATION, Interest.LEISURE),
    ),
    Interest.CITIZENSHIP: Theme(
        names=(
            (A, "Comité de quartier {lieu}"),
            (A, "Conseil citoyen {de}"),
            (A, "Les Voisins {lieu}"),
            (A, "Comité des fêtes {de}"),
            (COL, "Collectif des habitants {lieu}"),
            (INST, "Maison de quartier {lieu}"),
        ),
        short=(
            "Faire vivre le quartier et donner la parole à ses habitants.",
            "Fêtes, brocantes et projets collectifs {de}.",
            "Agir ensemble pour un cadre de vie agréable.",
        ),
        paragraphs=(
            "Nous réunissons les habitants pour améliorer la vie du quartier : propositions à la mairie, fête des voisins, brocante et chantiers collectifs.",
            "Le comité organise toute l’année les moments qui rassemblent {de}. Les bénévoles montent les stands, tiennent la buvette et accueillent les exposants.",
        ),
        activities=(
            "fête des voisins en mai",
            "brocante annuelle",
            "réunions publiques chaque trimestre",
            "embellissement des espaces verts",
            "accueil des nouveaux habitants",
        ),
        related=(Interest.LEISURE, Interest.ENVIRONMENT, Interest.SOLIDARITY, Interest.CULTURE),
    ),
    Interest.YOUTH: Theme(
        names=(
            (A, "Maison des jeunes {de}"),
            (A, "Scouts et guides — groupe {de}"),
            (A, "Les Petits Débrouillards {lieu}"),
            (A, "Foyer rural {de}"),
            (INST, "Point information jeunesse {de}"),
        ),
        short=(
            "Des activités, des projets et des séjours pour les 11-25 ans.",
            "Accompagner les jeunes dans leurs projets {de}.",
            "Sciences, nature et aventure pour les enfants et les ados.",
        ),
        paragraphs=(
            "Nous proposons aux jeunes un lieu pour se retrouver, monter des projets et partir en séjour. Les bénévoles encadrent les activités et partagent leurs passions.",
            "Notre équipe anime des ateliers scientifiques et des camps nature pendant les vacances scolaires, avec des animateurs formés et des bénévoles passionnés.",
        ),
        activities=(
            "accueil libre le mercredi et le samedi",
            "séjours pendant les vacances",
            "ateliers sciences et nature",
            "accompagnement des projets de jeunes",
            "chantiers de jeunes bénévoles",
        ),
        related=(Interest.EDUCATION, Interest.SPORT, Interest.CULTURE, Interest.LEISURE),
    ),
    Interest.SENIORS: Theme(
        names=(
            (A, "Club de l’amitié {de}"),
            (A, "Les Visiteurs du mercredi {de}"),
            (A, "Génération solidaire {lieu}"),
            (A, "Aînés ruraux {de}"),
            (INST, "Résidence autonomie {lieu}"),
        ),
        short=(
            "Rompre l’isolement des personnes âgées {de}.",
            "Jeux, sorties et visites à domicile pour nos aînés.",
            "Des liens entre les générations, une visite à la fois.",
        ),
        paragraphs=(
            "Nos bénévoles rendent visite chaque semaine à des personnes âgées isolées, à domicile ou en résidence. Une conversation, une promenade, une partie de cartes : des moments attendus.",
            "Le club se retrouve deux après-midi par semaine pour jouer, partager un goûter et préparer les sorties. Les nouveaux sont toujours les bienvenus.",
        ),
        activities=(
            "visites de convivialité à domicile",
            "après-midi jeux et goûter",
            "sorties et voyages d’une journée",
            "appels téléphoniques pendant les canicules",
            "ateliers mémoire",
        ),
        related=(Interest.SOLIDARITY, Interest.HEALTH, Interest.LEISURE),
    ),
    Interest.DISABILITY: Theme(
        names=(
            (A, "Handisport {de}"),
            (A, "Accueil et loisirs pour tous {de}"),
            (A, "Les Amis de l’institut médico-éducatif {de}"),
            (A, "Parents d’enfants différents {lieu}"),
            (PRO, "Cabinet de psychomotricité {lieu}"),
        ),
        short=(
            "Sport et loisirs adaptés aux personnes en situation de handicap.",
            "Soutenir les familles et changer le regard sur le handicap.",
            "L’inclusion au quotidien {de}.",
        ),
        paragraphs=(
            "Nous rendons le sport et les loisirs accessibles à tous, avec du matériel adapté et des bénévoles formés. Chacun progresse à son rythme.",
            "Notre association réunit des familles concernées par le handicap pour s’entraider, se former et proposer des activités partagées.",
        ),
        activities=(
            "séances de sport adapté",
            "groupes de parole pour les familles",
            "sorties accompagnées",
            "sensibilisation dans les écoles",
            "répit pour les aidants",
        ),
        related=(Interest.SPORT, Interest.HEALTH, Interest.SOLIDARITY, Interest.LEISURE),
    ),
    Interest.HOUSING: Theme(
        names=(
            (A, "Toit partagé {de}"),
            (A, "Habitat et solidarité {de}"),
            (A, "Les Compagnons bâtisseurs {lieu}"),
            (COL, "Collectif des locataires {lieu}"),
        ),
        short=(
            "Un logement digne pour chacun {de}.",
            "Rénover, réparer et accompagner les ménages modestes.",
            "Les locataires s’organisent et s’entraident.",
        ),
        paragraphs=(
            "Nous aidons les ménages modestes à améliorer leur logement : petits travaux, économies d’énergie et accompagnement dans les démarches.",
            "Notre association héberge temporairement des personnes sans logement et les accompagne vers une solution durable.",
        ),
        activities=(
            "chantiers d’auto-réhabilitation accompagnée",
            "permanences d’information sur le logement",
            "visites énergie à domicile",
            "accueil de personnes sans logement",
        ),
        related=(Interest.SOLIDARITY, Interest.EMPLOYMENT, Interest.CITIZENSHIP),
    ),
    Interest.EMPLOYMENT: Theme(
        names=(
            (A, "Parrainage vers l’emploi {de}"),
            (A, "Tremplin {de}"),
            (A, "Chantier d’insertion {lieu}"),
            (INST, "Mission locale {de}"),
            (CO, "Entreprise d’insertion {lieu}"),
            (CO, "Coopérative d’activités {de}"),
        ),
        short=(
            "Accompagner vers l’emploi ceux qui en sont éloignés.",
            "Un parrain ou une marraine pour retrouver un travail.",
            "Travailler, se former et reprendre confiance {de}.",
        ),
        paragraphs=(
            "Des professionnels en activité ou retraités parrainent des demandeurs d’emploi : préparation aux entretiens, réseau, conseils et encouragements.",
            "Nos chantiers proposent un travail et une formation à des personnes éloignées de l’emploi, avec un accompagnement personnalisé.",
        ),
        activities=(
            "parrainage individuel pendant six mois",
            "simulations d’entretien",
            "ateliers CV et lettre de motivation",
            "forum des métiers",
            "chantiers d’entretien d’espaces naturels",
        ),
        related=(Interest.SOLIDARITY, Interest.EDUCATION, Interest.YOUTH, Interest.HOUSING),
    ),
    Interest.HERITAGE: Theme(
        names=(
            (A, "Les Amis du patrimoine {de}"),
            (A, "Société d’histoire locale {de}"),
            (A, "Sauvegarde de la chapelle {lieu}"),
            (A, "Mémoire ouvrière {de}"),
        ),
        short=(
            "Connaître, restaurer et faire découvrir notre patrimoine.",
            "L’histoire {de}, racontée par ses habitants.",
            "Pierres, archives et souvenirs à transmettre.",
        ),
        paragraphs=(
            "Nous restaurons le petit patrimoine de la commune et faisons découvrir son histoire lors de visites guidées et d’expositions.",
            "Notre société collecte les archives, photographies et témoignages des habitants pour raconter l’histoire locale.",
        ),
        activities=(
            "chantiers de restauration le samedi",
            "visites guidées aux Journées du patrimoine",
            "collecte de témoignages et de photographies",
            "publication d’un bulletin annuel",
            "expositions temporaires",
        ),
        related=(Interest.CULTURE, Interest.EDUCATION, Interest.LEISURE),
    ),
    Interest.INTERNATIONAL: Theme(
        names=(
            (A, "Comité de jumelage {de}"),
            (A, "Solidarité Sahel {de}"),
            (A, "Ponts entre les peuples {lieu}"),
            (A, "Accueil des exilés {de}"),
        ),
        short=(
            "Des liens d’amitié et de solidarité avec d’autres pays.",
            "Accueillir et accompagner les personnes exilées {de}.",
            "Des projets d’eau et d’école menés avec nos partenaires.",
        ),
        paragraphs=(
            "Nous soutenons des projets d’accès à l’eau et à l’éducation menés par nos partenaires, et faisons connaître ici leurs réalités.",
            "Notre association accueille les personnes exilées : cours de français, accompagnement administratif et moments de convivialité.",
        ),
        activities=(
            "échanges de jeunes chaque été",
            "soirées de découverte culturelle",
            "cours de français",
            "collecte de fonds pour des projets d’eau",
            "accompagnement administratif",
        ),
        related=(Interest.SOLIDARITY, Interest.EDUCATION, Interest.CULTURE),
    ),
    Interest.LEISURE: Theme(
        names=(
            (A, "Club de scrabble {de}"),
            (A, "Photo-club {lieu}"),
            (A, "Les Marcheurs {lieu}"),
            (A, "Atelier couture et tricot {de}"),
            (A, "Club informatique {de}"),
            (COL, "Les Joueurs du jeudi {lieu}"),
            (CO, "Ludothèque coopérative {lieu}"),
        ),
        short=(
            "Des loisirs partagés, pour le plaisir d’être ensemble.",
            "Se retrouver autour d’une passion commune {de}.",
            "Jeux, sorties et ateliers pour tous les âges.",
        ),
        paragraphs=(
            "Nous nous retrouvons chaque semaine autour de notre passion, débutants et confirmés ensemble. Les adhérents transmettent leurs savoir-faire.",
            "Nos ateliers sont ouverts à tous et se terminent toujours autour d’un café. Les bénévoles préparent le matériel et accueillent les nouveaux.",
        ),
        activities=(
            "séances hebdomadaires",
            "sorties à la journée",
            "concours et expositions",
            "initiations gratuites pour les débutants",
            "prêt de matériel",
        ),
        related=(Interest.CULTURE, Interest.SENIORS, Interest.CITIZENSHIP, Interest.SPORT),
    ),
}

# Invented neighbourhoods and landmarks, with their article, common to many French towns.
PLACES = (
    "des Tilleuls", "du Canal", "de la Fontaine", "des Quatre-Vents", "du Moulin", "de la Gare",
    "des Prés", "des Lilas", "du Vieux-Pont", "des Acacias", "du Clos-Fleuri", "de la Forge",
    "des Vergers", "du Bois-Joli", "de la Colline", "des Peupliers", "du Lavoir", "des Marronniers",
    "de l’Étang", "du Petit-Bois", "des Charmilles", "de la Source", "du Centre", "des Coteaux",
)  # fmt: skip

STREETS = (
    "rue de la Victoire", "rue de la République", "avenue de la Libération", "rue des Écoles",
    "place du Marché", "rue du Général-Leclerc", "rue Victor-Hugo", "rue Jean-Jaurès",
    "rue de l’Église", "chemin des Vignes", "rue Pasteur", "allée des Tilleuls", "rue du Moulin",
    "avenue de la Gare", "rue des Jardins", "place de la Mairie", "rue Gambetta", "impasse des Lilas",
    "rue du Stade", "quai du Canal", "rue de la Paix", "boulevard de la Liberté", "rue Voltaire",
)  # fmt: skip

CLOSINGS = (
    "Rejoignez-nous, même pour quelques heures par an.",
    "Nous cherchons toujours des bénévoles : venez nous rencontrer.",
    "Adhésion libre, bonne humeur garantie.",
    "Toutes les bonnes volontés sont les bienvenues.",
)

REJECTION_REASONS = (
    "Le numéro RNA indiqué ne correspond pas à une association déclarée : merci de le vérifier.",
    "La présentation ne permet pas de savoir ce que fait l’organisation : précisez vos activités.",
    "Nous n’avons pas pu joindre l’organisation à l’adresse indiquée : complétez vos coordonnées.",
)

FIRST_NAMES = (
    "Amandine", "Bastien", "Chloé", "Damien", "Élodie", "Fabien", "Gaëlle", "Hugo", "Inès",
    "Julien", "Karima", "Lucas", "Manon", "Nicolas", "Océane", "Pierre", "Quentin", "Rachida",
    "Samuel", "Thérèse", "Ulysse", "Valérie", "William", "Yasmine", "Zoé", "Mathieu", "Nadia",
)  # fmt: skip
LAST_NAMES = (
    "Lefebvre", "Moreau", "Fournier", "Girard", "Lambert", "Bonnet", "François", "Mercier",
    "Rousseau", "Vincent", "Muller", "Faure", "André", "Gauthier", "Garcia", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Duval",
)  # fmt: skip
