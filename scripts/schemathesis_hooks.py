"""Schemathesis hooks for scripts/schemathesis.sh.

Upload fields declare the image types they take (their multipart
`encoding`); the server recognizes images by content, so a file sent as
`image/png` must be a PNG. These register Schemathesis' own smallest
well-formed sample of each format for those media types.
"""

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
