"""Schemathesis hooks for scripts/schemathesis.sh.

Upload fields declare the image types they take (their multipart
`encoding`); the server recognizes images by content, so a file sent as
`image/png` must be a PNG. These register Schemathesis' own smallest
well-formed sample of each format for those media types.
"""

import re

from hypothesis import strategies as st

import schemathesis
from schemathesis.core.file_samples import FILE_SAMPLES, MEDIA_TYPE_FILE_SAMPLES

for media_type, sample in MEDIA_TYPE_FILE_SAMPLES.items():
    schemathesis.openapi.media_type(media_type, st.just(sample))
schemathesis.openapi.media_type("application/pdf", st.just(FILE_SAMPLES["pdf"]))
schemathesis.openapi.media_type(
    "text/plain",
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=200).map(
        str.encode
    ),
)


# Refusals of schema-valid requests for rules no JSON schema can state: the
# request has the right shape, but refers to something that does not exist
# in that state, or carries a check digit or a secret the fuzzer cannot know.
# Only these (code, field) pairs are forgiven, and only as "schema-valid
# request rejected" (ST202); every other finding fails the run.
#   (code, field or None): why
SEMANTIC_REFUSALS = {
    # A cursor is the opaque `next_cursor` of an earlier page.
    ("invalid_cursor", "cursor"): "cursors come from next_cursor",
    # Links carry a random secret; an invented one is unknown.
    ("invalid_token", "token"): "an unknown link token",
    ("invalid_token", None): "an unknown link token",
    # RIF/RUT/NIT check digits.
    ("invalid_tax_id", "tax_id"): "a tax id's check digit",
    # Rules between fields or against the stored state.
    ("validation_failed", "subject_id"): "subject_type and subject_id go together",
    ("validation_failed", "role"): "customer accounts keep the customer role",
    ("validation_failed", "ids"): "a reordering lists every label of the catalog once",
    ("validation_failed", "to"): "a range that ends before it starts",
    ("validation_failed", "from"): "a range that ends before it starts",
    ("validation_failed", "kind"): "only non-essential e-mail kinds can be turned off",
    ("validation_failed", "paid_on"): "a payment is not received in the future",
    ("validation_failed", "customer_id"): "staff choose the customer",
    ("validation_failed", "order"): "a conversion creates an order and/or an appointment",
    ("validation_failed", "ends_at"): "an appointment ends after it starts",
    ("validation_failed", "appointment.ends_at"): "an appointment ends after it starts",
    ("validation_failed", "state"): "triage sets triaged or rejected from the request's state",
    ("validation_failed", "equipment_id"): "a machine by id or a new one, not both",
    ("validation_failed", "comment"): "an event has a status, a comment or a photo",
    ("validation_failed", "method_id"): "an active payment method",
    ("validation_failed", "assignee_id"): "only an active staff user can be assigned",
    ("validation_failed", "technician_ids"): "only active technicians",
    ("validation_failed", "technician_id"): "only an active technician",
    ("validation_failed", "owner_id"): "only an active seller owns customers",
    ("validation_failed", "status_id"): "an active label of the event's catalog",
    ("validation_failed", "email"): "the contact needs an e-mail address to be invited",
    ("validation_failed", "keys.p256dh"): "a point on the P-256 curve",
    ("validation_failed", "keys.auth"): "a point on the P-256 curve",
    ("validation_failed", "unit_price"): "a free-text part needs its price (a catalog part takes the item's)",
    ("validation_failed", "description"): "a free-text part needs its description (a catalog part takes the item's)",
    ("validation_failed", "photos"): "a maintenance request keeps at most 10 photos in all, over several uploads",
    ("invalid_email", "email"): "an e-mail's domain must be a host name the server accepts",
    ("unsupported_media_type", None): "an upload's bytes must be one of the sniffed types, whatever its declared media type",
    ("unsupported_media_type", "file"): "a text document is a .txt file; other bytes must be one of the sniffed types",
    ("validation_failed", "item_id"): "an active item of the parts catalog",
    ("insufficient_stock", "quantity"): "not enough of the catalog item available",
    ("insufficient_stock", None): "not enough of the catalog item available",
    ("amount_exceeds_balance", "amount"): "the order's balance",
    ("invalid_money", "amount"): "a payment is more than zero",
    ("invalid_transition", "state"): "the state machine of tickets, appointments and requests",
    ("invalid_transition", None): "the state machine of tickets, appointments and requests",
    ("engine_hours_decreased", "hours"): "readings never go down",
    ("engine_hours_decreased", None): "readings never go down",
    ("survey_expired", None): "the survey's deadline",
    ("weak_password", "new_password"): "auth.min_password_length",
    ("validation_failed", "due_to"): "a range that ends before it starts",
    ("validation_failed", "issued_to"): "a range that ends before it starts",
    ("validation_failed", "amount_max"): "a range that ends before it starts",
    ("validation_failed", "payment_id"): "a live payment of the invoice's customer",
    ("validation_failed", "lines"): "a line's total (quantity × price) stays within the largest amount",
    ("invalid_money", "lines"): "a line's total (quantity × price) stays within the largest amount",
    ("validation_failed", "invoice_id"): "a payment on an invoice goes through its service order",
    ("validation_failed", "valid_until"): "a quote's validity date is not in the past (today moves)",
    ("validation_failed", "stage"): "a new opportunity starts in an open stage",
    ("invalid_transition", "to"): "an opportunity's stage moves: not to the stage it is in, reopen only a closed one",
    ("validation_failed", "lost_reason"): "a lost opportunity needs its reason from the catalog",
    ("validation_failed", "reason"): "only stock adjustments carry a reason, and they need one",
    ("validation_failed", "quantity"): "whole units (piece, pair, kit, box) take no fractions",
    ("validation_failed", "sku"): "a SKU is letters, digits and - _ . / only",
    ("validation_failed", "value_max"): "a range that ends before it starts",
    ("validation_failed", "close_to"): "a range that ends before it starts",
    ("validation_failed", "contact_id"): "a contact of the opportunity's customer",
    ("invalid_transition", "lost_reason"): "a lost opportunity needs its reason from the catalog",
    ("validation_failed", "preferred_supplier_id"): "an existing supplier",
    ("validation_failed", "unit"): "an item's unit is fixed once it has stock moves",
    ("validation_failed", "maximum"): "an item's maximum is not below its minimum",
    ("validation_failed", "minimum"): "an item's maximum is not below its minimum",
    ("validation_failed", "reorder_multiple"): "whole units take whole reorder multiples",
    ("validation_failed", "models"): "each compatible model is up to 100 characters of text",
    ("validation_failed", "supplier_id"): "an active supplier",
    ("validation_failed", "order_id"): "an order with a service value or parts shown to invoice",
    ("validation_failed", "lines[].line_id"): "a line of this purchase order, once per receipt",
    ("validation_failed", "lines[].quantity"): "whole units take no fractions; no more than ordered without confirming",
    ("validation_failed", "business_hours"): "a day closes after it opens, and some day is open",
    ("validation_failed", "policies"): "one SLA target per ticket type and priority",
    ("validation_failed", "to"): "a report's range ends on or after its start, at most ten years",
    ("validation_failed", "granularity"): "a report shows at most 400 periods",
    ("validation_failed", "key"): "a report figure's group is the one clicked: an id, a stage, a model…",
}


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code not in (415, 422):
        return True
    try:
        problem = response.json()
    except Exception:
        return True
    field = problem.get("field")
    if isinstance(field, str):
        # `lines[2].quantity` is listed as `lines[].quantity`.
        field = re.sub(r"\[\d+\]", "[]", field)
    return (problem.get("code"), field) not in SEMANTIC_REFUSALS
