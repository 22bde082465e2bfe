"""PostgreSQL only: tell the planner what pg_trgm's word-similarity operators cost.

pg_trgm declares `<%` / `%>` with the default cost of 1, as cheap as comparing two integers, when each call
splits both texts into trigrams (about 100 times that). Believing it cheap, the planner answered a bounded
typo search ("the first 200 rows similar to 'Schmitd'") by scanning the table and testing every row,
0.4 s on 100,000 accounts, instead of asking the trigram index (20 ms). Where the database user does not
own the extension, the costs stay as they were (the search still works, only slower on large books).
"""

from typing import Any

from django.db import migrations

OPERATOR_FUNCTIONS = ["word_similarity_op(text, text)", "word_similarity_commutator_op(text, text)"]
COST = 100


def _set_cost(schema_editor: Any, cost: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = " ".join(f"ALTER FUNCTION {function} COST {cost};" for function in OPERATOR_FUNCTIONS)
    schema_editor.execute(
        "DO $$ BEGIN " + statements + " EXCEPTION WHEN insufficient_privilege THEN "
        "RAISE NOTICE 'pg_trgm operator costs left unchanged: not the owner of the extension'; END $$"
    )


def raise_costs(apps: Any, schema_editor: Any) -> None:
    _set_cost(schema_editor, COST)


def restore_costs(apps: Any, schema_editor: Any) -> None:
    _set_cost(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_shared_record_indexes")]

    operations = [migrations.RunPython(raise_costs, restore_costs, elidable=False)]
