# The bot's words in English: the reference language, and the fallback of every other.
# Roles, company and paper names, people's names and the source come from the data and are never
# translated. Markdown (**bold**, `code`) is part of the text; variables are already made safe.
# Every message here must be in every other language's file, with the same variables (tested).

## Dates and durations

date-month = { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
date-year = { $year }
date-early = Early { $year }
date-mid = Mid { $year }
date-late = Late { $year }
# The same inside a sentence ("left Meta in early 2023"); a month keeps its capital.
date-early-inline = early { $year }
date-mid-inline = mid { $year }
date-late-inline = late { $year }
tenure-years = { $years ->
        [one] { $years } year
       *[other] { $years } years
    }
tenure-months = { $months ->
        [one] { $months } month
       *[other] { $months } months
    }
tenure-both = { tenure-years }, { tenure-months }

## Lists

# Between the last two items of a list: "a, b and c".
and = and
or = or
# The last line of a list cut short.
more-authors = … and { $n } more { $n ->
        [one] author
       *[other] authors
    }
more-names = … and { $n } more
more-companies = … and { $n } more companies

## Every reply

footer-source = Source: { $source }
footer-basis = based on { $basis }
footer-as-of = Data as of { $date }.
did-you-mean = Did you mean { $names }?
known-companies = Known companies
also-matching = Also matching
rejected-title = Cannot search that
rejected-empty = Give me a name with at least one letter, e.g. `{ $example }`.
rejected-too-long = That is { $chars } characters long; a name is at most { $max } ({ $query }).
unknown-command-title = Unknown command
unknown-command = I do not know { $command }. My commands are { $list }.

## /whereis

whereis-description = Where does a LLaMA paper author work now? Role, company, when they left Meta.
whereis-option = A researcher's name, or part of it (typos are fine)
whereis-not-found-title = No one found
whereis-not-found-lead = Nobody in the dataset matches { $query }.
whereis-not-found-hint = Try a first or last name, e.g. `{ $example }`.
whereis-tie-title = { $n } people match equally
whereis-tie = { $names } { $n ->
        [2] both
       *[other] all
    } match { $query } equally well. Pick one below, or type more of the name.
whereis-is-a-company = { $name } is a company: try { $command }.
whereis-role = Current role
whereis-company = Company
whereis-left = Left { $home }
whereis-still-home = No, still at { $home }
whereis-left-unknown = Not stated in the source
whereis-time-at = Time at { $home }
whereis-paper = Paper
whereis-summary-stayed = { $role } at { $company }
whereis-summary-left = { $role } at { $company }, formerly at { $home }

## /company

company-description = Which LLaMA paper authors work at a company now?
company-option = A company, e.g. Mistral, DeepMind, Meta
company-not-found-title = No company found
company-not-found-lead = No company in the dataset matches { $query }.
company-not-found-hint = Try a company's name, e.g. `{ $example }`.
company-tie-title = { $n } companies match equally
company-tie = { $names } { $n ->
        [2] both
       *[other] all
    } match { $query } equally well. Pick one below, or type more of the name.
company-is-a-person = { $name } is a person: try { $command }.
company-choice = { $company } · { $n } { $n ->
        [one] author
       *[other] authors
    }
company-nobody-title = Nobody at { $company }
company-nobody-field = Companies with authors
company-nobody = No author in the dataset works at { $company } now.
company-head-home = **{ $n }** { $n ->
        [one] author
       *[other] authors
    } still at { $company }:
company-head = **{ $n }** { $n ->
        [one] author
       *[other] authors
    } now at { $company }:
company-left = left { $home } in { $date }
company-aliases = Also known as

## /stats

stats-description = The LLaMA authors in figures: who stayed, who left, for how long, where they went
stats-option = Only the authors now at this company (optional)
stats-not-found-hint = Try a company's name, or nothing for everyone, e.g. `{ $example }`.
stats-title = The LLaMA authors, in figures
stats-summary = Of **{ $authors }** { $authors ->
        [one] author
       *[other] authors
    }, **{ $stayed }** { $stayed ->
        [one] is
       *[other] are
    } still at { $home }; **{ $left }** left.
stats-company-title = At { $company }, in figures
stats-company-summary = **{ $authors }** { $authors ->
        [one] author
       *[other] authors
    } now at { $company }.
stats-still-home = Still at { $home }
stats-stayed = { $n }: { $names }
stats-time-at = Time at { $home }, of those who left
stats-stays = average { $average }; median { $median } (over { $n } { $n ->
        [one] author
       *[other] authors
    })
stats-stays-unknown = not known
stats-went-to = Where they went
stats-first = First to leave
stats-last = Last to leave

## /timeline

timeline-description = Who left Meta when, oldest first, and where they went
timeline-title = Leaving { $home }: the timeline
timeline-head = **{ $n }** { $n ->
        [one] author
       *[other] authors
    } left { $home }, oldest first:
timeline-after = (after { $tenure })
timeline-still-home = Still at { $home } ({ $n })
timeline-undated = Left, date not known ({ $n })

## Buttons and pages

page-footer = Page { $page } of { $pages } · { $footer }
button-previous = ◀ Previous
button-next = Next ▶
out-of-date-title = This button is out of date
out-of-date = The data has changed since this message was sent. Try { $commands }.

## The /stats picture

chart-title = Where the LLaMA authors went
chart-unit = people
chart-others = others
chart-still-home = still at { $home }
