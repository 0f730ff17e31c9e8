from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        # The state-only CreateModel above declared them: the types are known.
        migrations.AlterField("category", "parent_id", models.BigIntegerField(null=True)),
        # `SlugField()` is 50 characters long.
        migrations.AlterField("category", "slug", models.SlugField(max_length=20)),
    ]
