"""The demo stories, told in the newsroom's own words.

The two seed stories keep every fact, name, date and figure of the coverage
they retell, with short attributed quotes; the wording is ours, as is the
critic's review of Fallout. Published times are in the newsroom's zone
(America/New_York).
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")


def at(*args):
    return datetime(*args, tzinfo=NEW_YORK)


TRAILER = {
    "slug": "mission-impossible-fallout-trailer-2-cruise-vs-cavill",
    "headline": "M:I – Fallout Trailer #2: Tom Cruise vs. Henry Cavill",
    "dek": "The second trailer for the sixth Mission: Impossible film sets Ethan Hunt against "
    "Henry Cavill's August Walker.",
    "kind": "news",
    "status": "published",
    "publish_at": at(2018, 5, 14, 11, 0),
    "authors": ["sam-ortiz"],
    "tags": ["Mission: Impossible", "Trailers", "Henry Cavill"],
    "films": [("mission-impossible-fallout", True)],
    "people": ["tom-cruise", "henry-cavill", "christopher-mcquarrie"],
    "citations": [("paramount", "source", "")],
    "body": """
<p>Paramount has released the second trailer for <em>Mission: Impossible – Fallout</em>, written and
directed by Christopher McQuarrie.</p>
<p>Tom Cruise is back as Ethan Hunt, and Henry Cavill joins the franchise as August Walker, the agent
who ends up squaring off against him.</p>
<p>The film opens in US theaters on July 27, 2018.</p>
""",
}

POSTERS = {
    "slug": "mission-impossible-fallout-posters-full-team",
    "headline": "M:I – Fallout Posters Assemble the Full Team",
    "dek": "Character posters line up Ethan Hunt's team ahead of the film's July 27 release.",
    "kind": "news",
    "status": "published",
    "publish_at": at(2018, 5, 17, 14, 30),
    "authors": ["morgan-lee"],
    "tags": ["Mission: Impossible", "Posters"],
    "films": [("mission-impossible-fallout", True)],
    "people": ["tom-cruise", "henry-cavill"],
    "citations": [("paramount", "source", "")],
    "body": """
<p>Paramount has released a set of character posters for <em>Mission: Impossible – Fallout</em>, the
sixth film in the series.</p>
<p>Tom Cruise leads as Ethan Hunt, with Rebecca Ferguson, Simon Pegg and Ving Rhames back at his side
and Henry Cavill new to the cast as August Walker.</p>
<p>The film reaches US theaters on July 27, 2018.</p>
""",
}

FEATURETTE = {
    "slug": "tom-cruise-halo-jump-featurette-mission-impossible-fallout",
    "headline": "New Fallout featurette shows how Tom Cruise pulled off his HALO jump",
    "dek": "Paramount's behind-the-scenes look at the most daring stunt of Tom Cruise's career: "
    "years of planning, a custom helmet and 100 jumps over the United Arab Emirates.",
    "kind": "news",
    "status": "published",
    "publish_at": at(2018, 5, 24, 9, 30),
    "authors": ["dana-reyes"],
    "tags": ["Mission: Impossible", "Tom Cruise", "Stunts", "Featurettes"],
    "films": [
        ("mission-impossible-fallout", True),
        ("mission-impossible-ghost-protocol", False),
        ("mission-impossible-rogue-nation", False),
        ("the-mummy-2017", False),
    ],
    "people": [
        "tom-cruise",
        "christopher-mcquarrie",
        "david-ellison",
        "wade-eastwood",
        "jake-myers",
        "henry-cavill",
    ],
    "citations": [("paramount", "source", ""), ("cinemacon", "source", ""), ("screen-rant", "via", "")],
    "video_url": "https://www.youtube.com/@ParamountPictures",
    "video_caption": "Paramount's featurette on the HALO jump in Mission: Impossible – Fallout.",
    "body": """
<p>A new featurette for <em>Mission: Impossible – Fallout</em> takes viewers through the making of
Tom Cruise's boldest stunt yet. Few actors working today are as committed to doing their own stunts,
and the <em>Mission: Impossible</em> films are where he pushes hardest: in 2011's <em>Ghost
Protocol</em> he hung off the Burj Khalifa in Dubai, the tallest building in the world, and 2015's
<em>Rogue Nation</em> opened with him holding on to the side of a cargo plane as it left the
ground.</p>
<p>So it was little surprise when producer David Ellison said in March 2017 that Cruise had spent more
than a year training for the film's centrepiece stunt. In April, at CinemaCon, Cruise and director
Christopher McQuarrie revealed what it was: a HALO jump from a plane at 25,000 feet.</p>
<p>The featurette shows the jump itself and the work behind it. McQuarrie says he and Cruise had been
"talking about it for a number of years," and second unit director and stunt coordinator Wade
Eastwood puts it plainly: "Tom will be the first actor to do a HALO jump on camera." HALO stands for
High Altitude Low Open, a technique military paratroopers use to enter a country unseen: they leave
the plane at 25,000 feet and wait until 2,000 feet to open their parachutes.</p>
<p>The crew members interviewed, alongside McQuarrie and Cruise, are frank about the danger. Producer
Jake Myers warns that "there is a danger of hypoxia and the bends": too little oxygen reaching the
body's tissues, and decompression sickness. The production designed a special helmet that serves
"both as a prop and a life-saving device."</p>
<blockquote><p>"Tom will be the first actor to do a HALO jump on camera." – Wade Eastwood, second unit
director and stunt coordinator</p></blockquote>
<p>Getting the shot right meant Cruise made the jump 100 times, each time with a cameraman alongside,
as the sequence was filmed over the United Arab Emirates. It echoes last year's revelation that he did
64 takes of the zero-gravity plane crash in <em>The Mummy</em>.</p>
<p>The featurette is only a taste of what could be one of the most spectacular practical stunts ever
filmed. Whatever audiences think of any single Cruise film, his commitment to entertaining them is
not in doubt, and on <em>Fallout</em> not even the sky limits the stunts.</p>
""",
    "links": [
        {"placement": "inline", "after_paragraph": 2, "target": TRAILER["slug"]},
        {"placement": "next", "target": POSTERS["slug"]},
    ],
}

# A critic's review: the reviewed film joins the story's films by itself (changes.story_parts_saved).
# Its rating is out of 5; the loader puts it on the newsroom's scale (NEWSROOM_RATING_BEST).
REVIEW = {
    "slug": "mission-impossible-fallout-review",
    "headline": "Mission: Impossible – Fallout review: six films in, the series hits its peak",
    "dek": "Christopher McQuarrie's second turn in the director's chair strings together the "
    "franchise's most daring practical action, and Tom Cruise is in the thick of all of it.",
    "kind": "review",
    "status": "published",
    "publish_at": at(2018, 7, 25, 12, 0),
    "authors": ["sam-ortiz"],
    "tags": ["Mission: Impossible", "Reviews", "Tom Cruise", "Henry Cavill"],
    "films": [],
    "people": ["tom-cruise", "christopher-mcquarrie", "henry-cavill"],
    "reviewed_film": "mission-impossible-fallout",
    "rating": Decimal("4.5"),
    "verdict": "The best Mission: Impossible yet, and a high-water mark for action filmed for real.",
    "pros": "Practical stunts shot for real, the HALO jump included\n"
    "A bathroom brawl and a helicopter chase that top anything earlier in the series\n"
    "Henry Cavill and Rebecca Ferguson give Cruise worthy company",
    "cons": "A plot of masks and double-crosses that takes a lot of explaining\n"
    "At nearly two and a half hours, a chase or two longer than it needs to be",
    "body": """
<p>Six films into a series, most franchises are running on fumes. <em>Mission: Impossible –
Fallout</em> is the exception: the first film in the series made by a returning director,
Christopher McQuarrie, who wrote and directed <em>Rogue Nation</em>, it plays like a band that
knows its greatest hits and keeps finding a way to make each one louder.</p>
<p>The story is the weakest part. Ethan Hunt (Tom Cruise) loses three plutonium cores to the
Apostles, what is left of the terrorist network from the last film, and the CIA attaches Henry
Cavill's August Walker to him as a minder while he tries to win them back. From there it is masks,
double-crosses and briefings, and more of the running time than it should goes on explaining what
the next chase is for.</p>
<p>Then the chases arrive, and the quibbles stop mattering. Cruise's HALO jump into Paris, which he
performed himself, plays as what looks like one unbroken fall through a storm at dusk. A fight in a
nightclub bathroom is the most bruising hand-to-hand scene the series has staged. A motorcycle
run against the traffic around the Arc de Triomphe gives way to a sprint across London rooftops
and a helicopter chase through the mountains of Kashmir that ends on the edge of a cliff.</p>
<p>What makes it all land is that so much of it is plainly real. McQuarrie keeps the camera
steady and the geography clear, so you always know who is where and how far they have to fall.
Cavill makes a solid wall for Cruise to run into, Rebecca Ferguson's Ilsa Faust is again the
series' most interesting character, and Simon Pegg and Ving Rhames keep the jokes coming without
letting the air out of the tension.</p>
<p>It is too long, and anyone hoping for a simple plot will find the final hour hard work. But
as a piece of large-scale action filmmaking, <em>Fallout</em> sets a bar its rivals will be
chasing for years, and it is the best film the series has made.</p>
<p><em>Mission: Impossible – Fallout</em> opens in US theaters on July 27, 2018.</p>
""",
    "links": [{"placement": "inline", "after_paragraph": 3, "target": FEATURETTE["slug"]}],
}

EXCLUSIVE = {
    "slug": "tom-cruise-explains-halo-jump-mission-impossible-fallout-exclusive",
    "headline": "Tom Cruise explains how he pulled off his most extreme stunt in "
    "Mission: Impossible – Fallout",
    "dek": "In an exclusive commentary clip from the Fallout home release, Cruise and Christopher "
    "McQuarrie break down the year-long effort behind the HALO jump.",
    "kind": "news",
    "is_exclusive": True,
    "status": "published",
    "publish_at": at(2018, 11, 15, 10, 0),
    "authors": ["dana-reyes", "morgan-lee"],
    "tags": ["Mission: Impossible", "Tom Cruise", "Henry Cavill", "Stunts", "Home release"],
    "films": [("mission-impossible-fallout", True)],
    "people": ["tom-cruise", "christopher-mcquarrie", "craig-obrien", "henry-cavill"],
    "citations": [("yahoo-entertainment", "exclusive_to", ""), ("paramount", "source", "")],
    "video_url": "https://www.youtube.com/@ParamountPictures",
    "video_caption": "Exclusive commentary clip from the Mission: Impossible – Fallout home release: "
    "Tom Cruise and Christopher McQuarrie on the HALO jump.",
    "body": """
<p>Across the <em>Mission: Impossible</em> films Tom Cruise has climbed cliffs and skyscrapers, hung
from aeroplanes and run marathon distances through some of the world's great cities. For the sixth
film, <em>Mission: Impossible – Fallout</em>, the mission he accepted was a HALO (high-altitude,
low-opening) jump: leaving a plane and falling towards the earth. In an exclusive commentary clip from
the film's upcoming home release, Cruise and director Christopher McQuarrie explain how the jump,
a full year in the planning and execution, came together. (Watch the clip above.)</p>
<p>The 365 days of preparation were largely down to one ambition: to capture as much of the stunt as
possible in a single shot. That started with the camera. "First of all, you have to have [a
cameraman] that knows how to skydive," Cruise says.</p>
<p>That cameraman was Craig O'Brien, a skydiver and camera operator who had filmed many jumps but never
for a narrative feature. With a camera mounted on top of his helmet, O'Brien went out of the plane
backward to film Cruise in midair. The margin was tiny: Cruise had to close to within 3 feet of him,
not 2 feet and 10 inches. "I have to be right at 3 feet to be in focus," he says.</p>
<p>Precision like that took more than 100 jumps. It is also why Cruise told his co-star Henry Cavill
not to attempt the leap himself. Speaking to Yahoo Entertainment earlier this year, Cavill recalled
asking to jump and being told no: Cruise had "trained for hundreds of hours" for it, and Cavill, for
all his wind tunnel training, would "probably end up killing all of us."</p>
<p>Given everything Cruise has already survived, doing him in would be a mission impossible in its own
right.</p>
<p><strong>Watch:</strong> Henry Cavill explains why he could not join Cruise on the HALO jump.</p>
<p><em>Mission: Impossible – Fallout</em> arrives on digital on Nov. 20 and on Blu-ray on Dec. 4.</p>
""",
    "links": [
        {
            "placement": "read_more",
            "source": "yahoo-entertainment",
            "url": "https://www.yahoo.com/entertainment/",
            "title": "Sarah Silverman, 'Wreck-It Ralph' directors make case that Disney has crowned "
            "its first Jewish princess",
        },
        {
            "placement": "read_more",
            "source": "yahoo-entertainment",
            "url": "https://www.yahoo.com/entertainment/",
            "title": "Willem Dafoe on why 'At Eternity's Gate' offers a dramatically different version "
            "of Vincent Van Gogh's death",
        },
        {
            "placement": "read_more",
            "source": "yahoo-entertainment",
            "url": "https://www.yahoo.com/entertainment/",
            "title": "Viola Davis on why 'Widows' was so 'liberating': She wasn't expected to lose "
            "weight to be 'va-va-voom'",
        },
    ],
}

# Scheduled relative to when the demo is first loaded, so it is always waiting its turn.
SCHEDULED = {
    "slug": "tom-cruise-stunts-burj-khalifa-to-25000-feet",
    "headline": "From the Burj Khalifa to 25,000 feet: how Tom Cruise keeps raising the stakes",
    "dek": "A look back at the stunts that led up to Fallout's HALO jump.",
    "kind": "feature",
    "status": "published",
    "publish_in_days": 3,
    "authors": ["dana-reyes"],
    "tags": ["Mission: Impossible", "Tom Cruise", "Stunts"],
    "films": [
        ("mission-impossible-fallout", True),
        ("mission-impossible-ghost-protocol", False),
        ("mission-impossible-rogue-nation", False),
    ],
    "people": ["tom-cruise"],
    "citations": [("paramount", "source", "")],
    "body": """
<p>In <em>Ghost Protocol</em> (2011) Tom Cruise climbed the outside of the Burj Khalifa. In <em>Rogue
Nation</em> (2015) he held on to a cargo plane during take-off. In <em>Fallout</em> (2018) he jumped
from 25,000 feet, more than 100 times.</p>
<p>Each film has asked more of its star than the last, and each stunt was planned for a year or more.</p>
""",
    "links": [{"placement": "next", "target": FEATURETTE["slug"]}],
}

DRAFT = {
    "slug": "what-to-watch-before-mission-impossible-fallout",
    "headline": "What to watch before Mission: Impossible – Fallout",
    "dek": "A refresher on the two films that lead into the sixth installment.",
    "kind": "feature",
    "status": "draft",
    "plan_in_days": 10,
    "authors": ["morgan-lee"],
    "tags": ["Mission: Impossible"],
    "films": [("mission-impossible-ghost-protocol", False), ("mission-impossible-rogue-nation", False)],
    "people": ["tom-cruise", "christopher-mcquarrie"],
    "body": """
<p><em>Ghost Protocol</em> (2011) and <em>Rogue Nation</em> (2015), the latter directed by Christopher
McQuarrie, set up where <em>Fallout</em> begins.</p>
""",
}

# In dependency order: a story comes after the stories it links to.
STORIES = [TRAILER, POSTERS, FEATURETTE, REVIEW, EXCLUSIVE, SCHEDULED, DRAFT]
