from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.DeleteModel("Product"),
        # Fine: a table made in this migration has no readers yet.
        migrations.CreateModel("Draft", [("id", models.BigAutoField(primary_key=True)), ("x", models.IntegerField(null=True))]),
        migrations.DeleteModel("Draft"),
    ]
