"""Films, people, sources and authors the demo stories are built from."""

from datetime import date

# Staff bylines link to the demo accounts; a freelancer has none.
AUTHORS = [
    {
        "slug": "dana-reyes",
        "name": "Dana Reyes",
        "bio": "Film news editor. Covers studios, franchises and the people who do their own stunts.",
        "user": "editor",
    },
    {
        "slug": "morgan-lee",
        "name": "Morgan Lee",
        "bio": "Entertainment reporter.",
        "user": "writer",
    },
    {
        "slug": "sam-ortiz",
        "name": "Sam Ortiz",
        "bio": "Freelance film writer.",
        "user": None,
    },
]

PEOPLE = [
    ("tom-cruise", "Tom Cruise", "Actor and producer, star of the Mission: Impossible films."),
    (
        "christopher-mcquarrie",
        "Christopher McQuarrie",
        "Writer and director of Mission: Impossible – Fallout.",
    ),
    ("henry-cavill", "Henry Cavill", "Actor; plays August Walker in Mission: Impossible – Fallout."),
    ("david-ellison", "David Ellison", "Producer on Mission: Impossible – Fallout."),
    ("jake-myers", "Jake Myers", "Producer on Mission: Impossible – Fallout."),
    (
        "wade-eastwood",
        "Wade Eastwood",
        "Second unit director and stunt coordinator on Mission: Impossible – Fallout.",
    ),
    ("craig-obrien", "Craig O'Brien", "Skydiver and camera operator who filmed the HALO jump in Fallout."),
]

SOURCES = [
    ("paramount", "Paramount", "studio", "https://www.paramount.com/"),
    ("screen-rant", "Screen Rant", "publication", "https://screenrant.com/"),
    ("yahoo-entertainment", "Yahoo Entertainment", "publication", "https://www.yahoo.com/entertainment/"),
    ("cinemacon", "CinemaCon", "event", "https://www.cinemacon.com/"),
]

FRANCHISES = [("mission-impossible", "Mission: Impossible")]

# Each film's poster is drawn by the loader (articles.demo.posters): its title under a kicker, on
# a field shading from the first colour at the top to the second. Pillow's default font has
# ASCII letters only, hence the titles without their dash.

FILMS = [
    {
        "slug": "mission-impossible-fallout",
        "title": "Mission: Impossible – Fallout",
        "year": 2018,
        "franchise": "mission-impossible",
        "installment": 6,
        "synopsis": "The sixth Mission: Impossible film, written and directed by Christopher McQuarrie, "
        "with Tom Cruise as Ethan Hunt and Henry Cavill as August Walker. Its signature stunt is a "
        "HALO jump Cruise performed himself from 25,000 feet.",
        "credits": [
            ("christopher-mcquarrie", "director", ""),
            ("christopher-mcquarrie", "writer", ""),
            ("tom-cruise", "cast", "Ethan Hunt"),
            ("henry-cavill", "cast", "August Walker"),
            ("david-ellison", "producer", ""),
            ("jake-myers", "producer", ""),
            ("wade-eastwood", "second_unit_director", ""),
            ("wade-eastwood", "stunt_coordinator", ""),
            ("craig-obrien", "camera_operator", ""),
        ],
        "poster": {
            "kicker": "Mission: Impossible",
            "title": "Fallout",
            "colours": ((201, 72, 28), (22, 14, 18)),
        },
        "release_dates": [
            ("theatrical", "US", date(2018, 7, 27), "day", ""),
            ("digital", "US", date(2018, 11, 20), "day", ""),
            ("physical", "US", date(2018, 12, 4), "day", "DVD, Blu-ray and 4K UHD"),
        ],
    },
    {
        "slug": "mission-impossible-ghost-protocol",
        "title": "Mission: Impossible – Ghost Protocol",
        "year": 2011,
        "franchise": "mission-impossible",
        "installment": 4,
        "synopsis": "The fourth Mission: Impossible film, in which Tom Cruise climbs the outside of the "
        "Burj Khalifa in Dubai, the world's tallest building.",
        "credits": [("tom-cruise", "cast", "Ethan Hunt")],
        "poster": {
            "kicker": "Mission: Impossible",
            "title": "Ghost Protocol",
            "colours": ((86, 142, 190), (12, 20, 44)),
        },
        "release_dates": [("theatrical", "US", date(2011, 1, 1), "year", "")],
    },
    {
        "slug": "mission-impossible-rogue-nation",
        "title": "Mission: Impossible – Rogue Nation",
        "year": 2015,
        "franchise": "mission-impossible",
        "installment": 5,
        "synopsis": "The fifth Mission: Impossible film, which opens with Tom Cruise hanging on to the side "
        "of a cargo plane as it takes off.",
        "credits": [
            ("christopher-mcquarrie", "director", ""),
            ("tom-cruise", "cast", "Ethan Hunt"),
        ],
        "poster": {
            "kicker": "Mission: Impossible",
            "title": "Rogue Nation",
            "colours": ((58, 62, 74), (138, 24, 36)),
        },
        "release_dates": [("theatrical", "US", date(2015, 1, 1), "year", "")],
    },
    {
        "slug": "the-mummy-2017",
        "title": "The Mummy",
        "year": 2017,
        "franchise": None,
        "installment": None,
        "synopsis": "Tom Cruise stars as Nick Morton; its zero-gravity plane crash took 64 takes.",
        "credits": [("tom-cruise", "cast", "Nick Morton")],
        "poster": {"kicker": "", "title": "The Mummy", "colours": ((196, 158, 92), (38, 26, 18))},
        "release_dates": [("theatrical", "US", date(2017, 1, 1), "year", "")],
    },
]

# Releases still to come, so the release calendar has something on: each falls on a day
# named relative to the day the demo is first loaded (articles.demo.load.upcoming_days). They go
# on films a live demo story is about (films without one stay off public pages), and not on
# Fallout, whose Key Release Dates box keeps the dates of the featurette's time.
# (film, kind, country, when, precision, note)
UPCOMING_RELEASES = [
    ("mission-impossible-rogue-nation", "theatrical", "US", "this week", "day", "Anniversary re-release"),
    ("mission-impossible-ghost-protocol", "theatrical", "US", "next week", "day", "IMAX re-release"),
    ("mission-impossible-ghost-protocol", "theatrical", "GB", "next week", "day", "IMAX re-release"),
    ("mission-impossible-rogue-nation", "streaming", "US", "later this month", "day", ""),
    ("mission-impossible-rogue-nation", "physical", "US", "next month", "day", "4K UHD, Blu-ray and DVD"),
    ("mission-impossible-rogue-nation", "physical", "GB", "next month", "day", "4K UHD, Blu-ray and DVD"),
    ("mission-impossible-ghost-protocol", "digital", "CA", "in two months", "day", ""),
    ("mission-impossible-ghost-protocol", "tv", "FR", "in three months", "month", ""),
    ("the-mummy-2017", "streaming", "GB", "this year", "year", ""),
    ("the-mummy-2017", "streaming", "US", "to be announced", "tba", ""),
]
