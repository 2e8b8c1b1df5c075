# The bot's words in French. The same messages, with the same variables, as en.ftl (tested).
# Typography: a no-break space (U+00A0, written here as such) before ":", ";", "?" and "!",
# and the typographic apostrophe (’). Dates and durations in French: "juin 2023", "début 2023",
# "8 ans et 5 mois". CLDR's French "one" covers 0 and 1: "1 an", "0 auteur".

## Dates et durées

date-month = { $month ->
        [1] janvier
        [2] février
        [3] mars
        [4] avril
        [5] mai
        [6] juin
        [7] juillet
        [8] août
        [9] septembre
        [10] octobre
        [11] novembre
       *[12] décembre
    } { $year }
date-year = { $year }
date-early = début { $year }
date-mid = mi-{ $year }
date-late = fin { $year }
date-early-inline = début { $year }
date-mid-inline = mi-{ $year }
date-late-inline = fin { $year }
tenure-years = { $years ->
        [one] { $years } an
       *[other] { $years } ans
    }
tenure-months = { $months } mois
tenure-both = { tenure-years } et { tenure-months }

## Listes

# Between the last two items of a list: "a, b et c".
and = et
or = ou
# The last line of a list cut short.
more-authors = … et { $n ->
        [one] { $n } autre auteur
       *[other] { $n } autres auteurs
    }
more-names = … et { $n ->
        [one] { $n } autre
       *[other] { $n } autres
    }
more-companies = … et { $n ->
        [one] { $n } autre entreprise
       *[other] { $n } autres entreprises
    }

## Toutes les réponses

footer-source = Source : { $source }
footer-basis = d’après { $basis }
footer-as-of = Données au { $date }.
did-you-mean = Vouliez-vous dire { $names } ?
known-companies = Entreprises connues
also-matching = Autres correspondances
rejected-title = Recherche impossible
rejected-empty = Donnez-moi un nom avec au moins une lettre, par exemple `{ $example }`.
rejected-too-long = Cela fait { $chars } caractères ; un nom en compte au plus { $max } ({ $query }).
unknown-command-title = Commande inconnue
unknown-command = Je ne connais pas { $command }. Mes commandes sont { $list }.

## /whereis

whereis-description = Où travaille aujourd’hui un auteur de l’article LLaMA ? Poste, entreprise, départ de Meta.
whereis-option = Le nom d’un chercheur, ou une partie (les fautes de frappe passent)
whereis-not-found-title = Aucune personne trouvée
whereis-not-found-lead = Personne dans le jeu de données ne correspond à { $query }.
whereis-not-found-hint = Essayez un prénom ou un nom de famille, par exemple `{ $example }`.
whereis-tie-title = { $n } personnes correspondent autant
whereis-tie = Ces { $n } personnes correspondent autant à { $query } : { $names }. Choisissez ci-dessous, ou tapez plus du nom.
whereis-is-a-company = { $name } est une entreprise : essayez { $command }.
whereis-role = Poste actuel
whereis-company = Entreprise
whereis-left = A quitté { $home }
whereis-still-home = Non, toujours chez { $home }
whereis-left-unknown = Non précisé par la source
whereis-time-at = Temps passé chez { $home }
whereis-paper = Article
whereis-summary-stayed = { $role } chez { $company }
whereis-summary-left = { $role } chez { $company }, auparavant chez { $home }

## /company

company-description = Quels auteurs de l’article LLaMA travaillent aujourd’hui dans une entreprise ?
company-option = Une entreprise, par exemple Mistral, DeepMind, Meta
company-not-found-title = Aucune entreprise trouvée
company-not-found-lead = Aucune entreprise du jeu de données ne correspond à { $query }.
company-not-found-hint = Essayez le nom d’une entreprise, par exemple `{ $example }`.
company-tie-title = { $n } entreprises correspondent autant
company-tie = Ces { $n } entreprises correspondent autant à { $query } : { $names }. Choisissez ci-dessous, ou tapez plus du nom.
company-is-a-person = { $name } est une personne : essayez { $command }.
company-choice = { $company } · { $n ->
        [one] { $n } auteur
       *[other] { $n } auteurs
    }
company-nobody-title = Personne chez { $company }
company-nobody-field = Entreprises avec des auteurs
company-nobody = Aucun auteur du jeu de données ne travaille aujourd’hui chez { $company }.
company-head-home = { $n ->
        [one] **{ $n }** auteur est toujours
       *[other] **{ $n }** auteurs sont toujours
    } chez { $company } :
company-head = { $n ->
        [one] **{ $n }** auteur travaille
       *[other] **{ $n }** auteurs travaillent
    } aujourd’hui chez { $company } :
company-left = départ de { $home } : { $date }
company-aliases = Autres noms

## /stats

stats-description = Les auteurs de LLaMA en chiffres : qui est resté, qui est parti, combien de temps, pour où
stats-option = Seulement les auteurs de cette entreprise (facultatif)
stats-not-found-hint = Essayez le nom d’une entreprise, ou rien pour tout le monde, par exemple `{ $example }`.
stats-title = Les auteurs de LLaMA, en chiffres
stats-summary = Sur { $authors ->
        [one] **{ $authors }** auteur
       *[other] **{ $authors }** auteurs
    }, { $stayed ->
        [one] **{ $stayed }** est toujours
       *[other] **{ $stayed }** sont toujours
    } chez { $home } ; { $left ->
        [one] **{ $left }** est parti
       *[other] **{ $left }** sont partis
    }.
stats-company-title = Chez { $company }, en chiffres
stats-company-summary = { $authors ->
        [one] **{ $authors }** auteur travaille
       *[other] **{ $authors }** auteurs travaillent
    } aujourd’hui chez { $company }.
stats-still-home = Toujours chez { $home }
stats-stayed = { $n } : { $names }
stats-time-at = Temps passé chez { $home }, pour ceux qui sont partis
stats-stays = moyenne { $average } ; médiane { $median } (sur { $n ->
        [one] { $n } auteur
       *[other] { $n } auteurs
    })
stats-stays-unknown = inconnu
stats-went-to = Où ils sont allés
stats-first = Premier départ
stats-last = Dernier départ

## /timeline

timeline-description = Qui a quitté Meta et quand, du premier départ au dernier, et pour aller où
timeline-title = Départs de { $home } : la chronologie
timeline-head = { $n ->
        [one] **{ $n }** auteur a quitté
       *[other] **{ $n }** auteurs ont quitté
    } { $home }, du premier départ au dernier :
timeline-after = (après { $tenure })
timeline-still-home = Toujours chez { $home } ({ $n })
timeline-undated = Partis, date inconnue ({ $n })

## Boutons et pages

page-footer = Page { $page } sur { $pages } · { $footer }
button-previous = ◀ Précédent
button-next = Suivant ▶
out-of-date-title = Ce bouton n’est plus à jour
out-of-date = Les données ont changé depuis l’envoi de ce message. Essayez { $commands }.

## L’image de /stats

chart-title = Où sont allés les auteurs de LLaMA
chart-unit = personnes
chart-others = autres
chart-still-home = toujours chez { $home }
