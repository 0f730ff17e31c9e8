from django.db import migrations

FORGET_LEGACY = "DELETE FROM django_migrations WHERE app = 'legacy'"
# Fine: only read.
COUNT_APPLIED = "SELECT count(*) FROM django_migrations"


def forget_renamed(apps, schema_editor):
    sql = "DELETE FROM django_migrations WHERE name = %s"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, ["0003_renamed"])


def forget_app(apps, schema_editor):
    app = "legacy"
    schema_editor.execute(f"DELETE FROM django_migrations WHERE app = '{app}'")
    schema_editor.execute("UPDATE django_migrations SET app = '%s'" % app)
    schema_editor.execute("DELETE FROM django_migrations WHERE app = '{}'".format(app))


def fix_notes(apps, schema_editor):
    # Fine: `sql` is bound twice, so which SQL it is is not known.
    sql = "DELETE FROM django_migrations"
    sql = "UPDATE shop_note SET body = 'ok'"
    schema_editor.execute(sql)
    # A quote PostgreSQL does not read as escaped does not hide what follows.
    schema_editor.execute(
        "UPDATE shop_note SET body = 'it\\'s'; DELETE FROM django_migrations WHERE app = 'notes'"
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_cleanup")]

    operations = [
        migrations.RunSQL(FORGET_LEGACY, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(COUNT_APPLIED, reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(forget_renamed, migrations.RunPython.noop),
        migrations.RunPython(forget_app, migrations.RunPython.noop),
        migrations.RunPython(fix_notes, migrations.RunPython.noop),
    ]
