"""The two public forms. They are never cached (each holds a CSRF token), answer 400 with
what was wrong, 429 when the client sent too many, 503 when the queue is full, and redirect
to a thank-you page once stored (docs/editors.md)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .forms import CorrectionForm, ProposalForm
from .limits import client_of, over_rate, queue_full
from .models import Correction, PracticeProposal
from .records import KINDS

RATE_MESSAGE = (
    "You have sent several submissions in a short time. Please wait an hour before sending "
    "another; what you sent is kept."
)
FULL_MESSAGE = (
    "The editors' queue is full: they are reviewing what was sent before. Please try again "
    "in a few days."
)


def record_for(kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record.")
    record = model.objects.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record.")
    return record


def submit(request, form, model, template, context):
    """The shared part of both forms: the limits, the checks, the stored submission."""
    refusal, status = None, 200
    if queue_full(model):
        refusal, status = FULL_MESSAGE, 503
    elif request.method == "POST":
        client = client_of(request)
        if over_rate(client):
            refusal, status = RATE_MESSAGE, 429
        elif form.is_valid():
            submission = form.save(commit=False)
            submission.client = client
            context["fill"](submission)
            submission.save()
            form.save_m2m()
            return redirect(reverse("contributions:sent") + f"?kind={context['sent_kind']}")
        else:
            status = 400
    response = render(
        request, template, {**context, "form": form, "refusal": refusal}, status=status
    )
    if status == 429:
        response["Retry-After"] = "3600"
    return response


@never_cache
@csrf_protect
def suggest_correction(request, kind, pk):
    record = record_for(kind, pk)

    def fill(correction):
        correction.record = record
        correction.record_label = str(record)[:300]
        correction.record_url = record.get_absolute_url()[:300]

    form = CorrectionForm(request.POST if request.method == "POST" else None)
    context = {"record": record, "kind": kind, "fill": fill, "sent_kind": "correction"}
    return submit(request, form, Correction, "contributions/correction_form.html", context)


@never_cache
@csrf_protect
def propose_practice(request):
    form = ProposalForm(request.POST if request.method == "POST" else None)
    context = {"fill": lambda proposal: None, "sent_kind": "practice"}
    return submit(request, form, PracticeProposal, "contributions/proposal_form.html", context)


def sent(request):
    kind = "practice" if request.GET.get("kind") == "practice" else "correction"
    return render(request, "contributions/sent.html", {"kind": kind})
