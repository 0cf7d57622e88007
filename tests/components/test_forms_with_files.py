"""The submit of a form with files (``components.forms.with_files``): one upload to the form's handler,
which carries the form's fields as the handler's ``form`` argument (Reflex's bound upload arguments), then
the picker emptied. Every upload handler of the portal takes it."""

import pytest
import reflex as rx

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.components.forms import with_files
from ocso_app.state.employer.mass_affiliation import MassAffiliationState
from ocso_app.state.employer.requests import UPLOADS
from ocso_app.state.member.requests import RequestsState
from ocso_app.state.public.affiliation import AffiliationState
from ocso_app.state.staff.publishing import StaffPublishState

HANDLERS = [
    RequestsState.upload_documents,
    RequestsState.upload_hospital,
    RequestsState.upload_bank,
    RequestsState.upload_beneficiaries,
    RequestsState.upload_question,
    *UPLOADS.values(),
    AffiliationState.upload_proof,
    StaffPublishState.publish_member,
    StaffPublishState.publish_company,
    MassAffiliationState.upload_file,
]


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: h.fn.__name__)
def test_the_forms_fields_go_with_its_files_to_the_handler(handler):
    form = rx.form(on_submit=with_files("pieces-test", handler))
    upload, clear = form.event_triggers["on_submit"].events
    assert upload.client_handler_name == "uploadFiles" and upload.handler.fn is handler.fn
    args = {str(name): str(value) for name, value in upload.args}
    assert args["upload_id"] == '"pieces-test"' and args["upload_param_name"] == '"files"'
    assert args["form"] == "form_data"  # what the form submits
    assert args["__reflex_event_arg_names"] == '["form"]'  # posted in __reflex_event_args
    assert 'refs["__clear_selected_files"]("pieces-test")' in str(clear.args)
