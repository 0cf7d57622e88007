"""NIR and IBAN are encrypted at rest and only ever shown masked."""

from sqlalchemy import text

from ocso_app.services.crypto import decrypt_field
from ocso_app.services.members import mask_nir, member_summary
from tests.builders import make_member
from tests.builders.members import NIR


def test_nir_is_stored_encrypted_and_shown_masked(db):
    member = make_member(db)
    db.flush()
    stored = db.execute(text("select nir_enc from members where id = :id"), {"id": member.id}).scalar_one()
    assert NIR not in stored
    assert decrypt_field(stored) == NIR
    shown = member_summary(db, member_id=member.id).nir_masked
    assert shown == "1 ** ** ** *** 123 **"
    assert sum(ch.isdigit() for ch in shown) <= 4


def test_missing_or_short_nir_is_not_invented():
    assert mask_nir(None) == "Non renseigné"
    assert mask_nir("12345") == "Non renseigné"


def test_a_changed_nir_shows_its_own_mask_though_masks_are_kept_per_ciphertext(db):
    from ocso_app.services.crypto import encrypt_field
    from ocso_app.services.identifiers import nir_with_key

    member = make_member(db)
    db.flush()
    assert member_summary(db, member_id=member.id).nir_masked == "1 ** ** ** *** 123 **"
    member.nir_enc = encrypt_field(nir_with_key("2850475056987"))
    db.flush()
    assert member_summary(db, member_id=member.id).nir_masked == "2 ** ** ** *** 987 **"
