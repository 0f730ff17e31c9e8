from django.db import migrations

from shop.migration_helpers import reverse_prices


def forward_prices(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    def in_class(apps, schema_editor):
        pass

    operations = [
        migrations.RunPython(forwards_prices, reverse_prices),
        migrations.RunPython(forward_prices, backwards),
        migrations.RunPython(in_class, migrations.RunPython.noop),
    ]
