"""Block positions inside a lesson: reorder from a compact id list, make room for a new block.

The lesson page posts the whole order as one field ("12,7,9,…") instead of one form per block,
so saving a lesson of hundreds of blocks stays a few fields (Django refuses more than
DATA_UPLOAD_MAX_NUMBER_FIELDS). Orders are renumbered in steps of ten, as the loader writes
them, leaving room to insert a block between two others without touching the rest.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from courses.models import Block, Lesson

ORDER_STEP = 10


def current_ids(lesson: Lesson) -> list[int]:
    return list(lesson.blocks.order_by("order", "pk").values_list("pk", flat=True))


def parse_id_list(text: str) -> list[int] | None:
    """ "3,1,2" → [3, 1, 2]; None when the text is not a comma-separated list of numbers."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


@transaction.atomic
def apply_order(lesson: Lesson, wanted: list[int]) -> bool:
    """Put the lesson's blocks in the order of ``wanted``; True when anything moved.

    Ids of other lessons' blocks (or deleted ones) are ignored; blocks missing from the list
    (added in another tab meanwhile) keep their relative order after the listed ones. An
    unchanged order writes nothing, so saving a lesson does not count as editing its blocks.
    """
    existing = current_ids(lesson)
    known = set(existing)
    listed = list(dict.fromkeys(pk for pk in wanted if pk in known))
    listed_set = set(listed)
    sequence = listed + [pk for pk in existing if pk not in listed_set]
    if sequence == existing:
        return False
    orders = dict(lesson.blocks.values_list("pk", "order"))
    changed = []
    for position, pk in enumerate(sequence, start=1):
        if orders[pk] != position * ORDER_STEP:
            changed.append(Block(pk=pk, order=position * ORDER_STEP))
    Block.objects.bulk_update(changed, ["order"])
    return True


def move(lesson: Lesson, block_id: int, direction: str) -> bool:
    """Swap a block with its neighbour ("up" or "down"); the fallback when JavaScript is off."""
    ids = current_ids(lesson)
    if block_id not in ids:
        return False
    index = ids.index(block_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ids):
        return False
    ids[index], ids[other] = ids[other], ids[index]
    return apply_order(lesson, ids)


def order_between(before: int | None, after: int | None) -> int:
    """An order for a block inserted between two neighbours' orders (None: no neighbour)."""
    if before is None and after is None:
        return ORDER_STEP
    if before is None:
        return after // 2
    if after is None:
        return before + ORDER_STEP
    if after - before >= 2:
        return (before + after) // 2
    return before + 1  # no gap: make_room() shifts the following blocks when it is saved


def make_room(block: Block) -> None:
    """If another block of the lesson has this block's order, shift it and those after it."""
    siblings = Block.objects.filter(lesson_id=block.lesson_id).exclude(pk=block.pk)
    if siblings.filter(order=block.order).exists():
        siblings.filter(order__gte=block.order).update(order=F("order") + 1)
