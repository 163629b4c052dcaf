"""Fill the duplicate finder's keys of the people who are there already."""

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    from kausa.people.duplicates import match_keys

    YoungPerson = apps.get_model("people", "YoungPerson")
    people = YoungPerson.objects.filter(is_anonymised=False).only(
        "first_name", "last_name", "phone", "email"
    )
    changed = []
    for person in people.iterator(chunk_size=BATCH):
        keys = match_keys(person.first_name, person.last_name, person.phone, person.email)
        person.match_name, person.match_phone, person.match_email = keys.name, keys.phone, keys.email
        changed.append(person)
        if len(changed) >= BATCH:
            YoungPerson.objects.bulk_update(changed, ["match_name", "match_phone", "match_email"])
            changed = []
    YoungPerson.objects.bulk_update(changed, ["match_name", "match_phone", "match_email"])


class Migration(migrations.Migration):
    dependencies = [("people", "0005_young_person_duplicates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
