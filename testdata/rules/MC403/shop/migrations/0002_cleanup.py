from django.db import migrations


def forget(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0003_x', now())"
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'legacy';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            [
                "SELECT count(*) FROM django_migrations;",
                ("UPDATE shop_product SET price = %s WHERE price IS NULL", [0]),
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunPython(forget, migrations.RunPython.noop),
    ]
