"""An import's report: what came in, what was left out and why, and what needs an editor."""

from collections import Counter
from dataclasses import dataclass, field

# Lists in the report keep this many entries; the rest are counted.
KEPT = 200


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # post type or reason: how many
    statuses: Counter = field(default_factory=Counter)  # WordPress status: how many posts
    tags: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    authors: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    unknown_meta: Counter = field(default_factory=Counter)
    notes: dict = field(default_factory=dict)  # heading: [line, …]
    more: Counter = field(default_factory=Counter)  # heading: lines left out

    def note(self, heading, line):
        lines = self.notes.setdefault(heading, [])
        if len(lines) < KEPT:
            lines.append(line)
        else:
            self.more[heading] += 1

    def as_dict(self):
        return {
            "counts": dict(self.counts),
            "skipped": dict(self.skipped),
            "statuses": dict(self.statuses),
            "tags": dict(self.tags.most_common()),
            "categories": dict(self.categories.most_common()),
            "kinds": dict(self.kinds),
            "authors": dict(self.authors.most_common()),
            "shortcodes": dict(self.shortcodes.most_common()),
            "unknown_meta": dict(self.unknown_meta.most_common()),
            "notes": self.notes,
            "more": dict(self.more),
        }


def report_lines(data, dry_run=False):
    """The report (as_dict()) as lines of text, for the command's output."""
    lines = ["Dry run: nothing was written." if dry_run else "Import finished."]
    for key, label in (
        ("created", "Stories created"),
        ("updated", "Stories updated"),
        ("unchanged", "Stories unchanged"),
        ("images", "Images imported"),
        ("redirects", "Old addresses redirected"),
        ("comments", "Comments (not imported)"),
    ):
        lines.append(f"  {label}: {data['counts'].get(key, 0)}")
    for title, key in (
        ("WordPress statuses of posts", "statuses"),
        ("Skipped, not imported", "skipped"),
        ("Tags (from tags and categories)", "tags"),
        ("Categories", "categories"),
        ("Categories made story kinds", "kinds"),
        ("Authors (bylines)", "authors"),
        ("Unknown shortcodes, kept as text", "shortcodes"),
        ("Post meta not imported", "unknown_meta"),
    ):
        if data.get(key):
            lines.append(f"{title}:")
            lines.extend(f"  {name}: {count}" for name, count in data[key].items())
    for heading, entries in data.get("notes", {}).items():
        lines.append(f"{heading}:")
        lines.extend(f"  {entry}" for entry in entries)
        if data.get("more", {}).get(heading):
            lines.append(f"  … and {data['more'][heading]} more")
    return lines
