from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_unique_together")]

    operations = [
        migrations.AddIndex("reviewstats", models.Index(fields=["stars"], name="stats_stars_idx")),
        # Fine: how makemigrations writes a removal, `DROP CONSTRAINT`, which has no concurrent form.
        migrations.AlterUniqueTogether(name="product", unique_together=set()),
        # Fine: nothing left to remove.
        migrations.AlterUniqueTogether(name="product", unique_together=None),
    ]
