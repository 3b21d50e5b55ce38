"""Building a ``Frame`` from the session: what each view will paint, computed on the worker.

Pieces that change slowly are cached and reused while their inputs are unchanged (the surface
frame, the regions at most ``REGION_RATE`` times a second while only the run moves), so a frame
of a race costs a millisecond or two.
"""
from __future__ import annotations

import math

import numpy as np

from engine import metrics
from engine.functions import is_function
from engine.margin import angles_to, max_margin_direction
from engine.optimizers.rules import RULE_OF
from engine.session.frames import FitFrame, Frame, RegionFrame, RunFrame, SurfaceFrame
from engine.session.held_out import TestCurves, test_frame
from engine.session.inspection import inspection
from engine.session.paths import LossCurves, Paths, frozen
from engine.stability import critical_lr, stability
from engine.surface.look import decision_boundary, surface_picture

REGION_GRID = 100
REGION_RATE = 15.0  # decision-region updates a second, at most, while only the run moves
DRAG_GRID = 100  # while the user drags, frames carry every other cell of the surface
FIT_POINTS = 240  # points of each run's curve over the data view
FIT_REACH = 1.0  # the curves reach this many data widths past the data on either side
MAX_ANALYSED_PARAMS = 300  # models this large get no critical learning rate (digits' 650: an eigen-solve a frame)


class FrameBuilder:
    def __init__(self, pacer) -> None:
        self.pacer = pacer
        self.paths = Paths()
        self.curves = LossCurves()
        self.tests = TestCurves()
        self._seq = 0
        self._surface_key = None
        self._surface_frame: SurfaceFrame | None = None
        self._regions_key = None
        self._regions: RegionFrame | None = None
        self._regions_time = -1e9
        self.thinned = False  # the last frame carried a drag-time surface: the full one is owed
        self._stability_key = None
        self._stability_value = None

    def clear(self) -> None:
        """A new race: cached histories and paths belong to the old one."""
        self.paths.clear()
        self.curves.clear()
        self.tests.clear()

    def build(self, session) -> Frame:
        state, race, derived = session.state, session.race, session.derived
        self._seq += 1
        trainable = race is not None and session.message is None
        optimum = derived.optimum if trainable else None
        optimum_current = trainable and derived.optimum_current(state)
        optimum_loss = float(optimum.loss) if optimum is not None and math.isfinite(optimum.loss) else None
        surface = self._surface(session) if trainable else None
        runs = tuple(self._run(session, k) for k in range(len(state.runs)))
        status = derived.surface_status(state) if trainable else "none"
        self.thinned = surface is not None and surface.preview and status == "ready"
        return Frame(
            seq=self._seq, state=state, runs=runs, step=int(race.t) if trainable else 0,
            playing=session.racing, message=session.message,
            sample_output=self._sample_output(session) if trainable else None,
            surface=surface, surface_status=status if surface is not None or status != "ready" else "computing",
            regions=self._regions_of(session) if trainable else None,
            fit=self._fit(session) if trainable else None,
            optimum_status=derived.optimum_status(state) if trainable else "unavailable",
            optimum_loss=optimum_loss, optimum_current=optimum_current,
            undo_text=session.history.undo_text, redo_text=session.history.redo_text,
            steps_per_second=self.pacer.steps_per_second,
            settled=not trainable or (status == "ready" and not self.thinned and not derived.busy()
                                      and (optimum_current or derived.optimum_status(state) == "unavailable")),
            finished=session.finished, unsaved=session.unsaved,
            export_progress=session.export.progress.fraction if session.export is not None else None,
            curvature=self._curvature(session) if trainable else None,
            inspection=inspection(session) if trainable else None,
            sweep=self._sweep(session),
            sweep_progress=session.sweeping.progress.fraction if session.sweeping is not None else None,
            other_cost=derived.other.frame(state, derived.plane, DRAG_GRID if self.pacer.dragging() else None)
            if trainable else None,
        )

    def _sweep(self, session):
        """The last sweep's result, while it is of the data, model and start shown now."""
        from engine.session.sweep_handlers import sweep_key

        if session.sweep_result is None or session.state.model is None:
            return None
        key, result = session.sweep_result
        return result if key == sweep_key(session.state) else None

    def _curvature(self, session) -> tuple[float, float, int] | None:
        curved = self._stability(session)
        return (curved.lam_min, curved.lam_max, curved.flat) if curved is not None else None

    # -- runs ---------------------------------------------------------------------------------

    def _run(self, session, k: int) -> RunFrame:
        state, race = session.state, session.race
        settings = state.runs[k]
        spec = settings.spec
        if race is None or session.message is not None or k >= race.k:
            start = state.start_theta
            return RunFrame(label=spec.label, color=settings.color, visible=settings.visible, optimizer=spec.optimizer,
                            hyper=dict(spec.hyper), batch=spec.batch, status="paused", diverged_at=None, steps=0,
                            epoch=0.0, theta=frozen(start), loss_history=frozen(np.zeros(0)),
                            path_ab=frozen(np.zeros((0, 2))), path_distance=frozen(np.zeros(0)))
        history_steps, losses = self.curves.get(race, k)
        plane = session.derived.plane
        if plane is not None:
            path_ab, path_distance = self.paths.get(race, k, plane)
        else:
            path_ab, path_distance = np.zeros((0, 2)), np.zeros(0)
        diverged = int(race.diverged_at[k])
        converged = session.converged_at[k] if k < len(session.converged_at) else -1
        steps = int(race.steps[k])
        if diverged >= 0:
            status = "diverged"
        elif converged >= 0:
            status = "converged"
        elif steps >= race.stop_at[k]:
            status = "stopped"
        else:
            status = "running" if session.racing else "paused"
        loss = float(losses[-1]) if len(losses) else float("nan")
        return RunFrame(
            label=spec.label, color=settings.color, visible=settings.visible, optimizer=spec.optimizer,
            hyper=dict(spec.hyper), batch=spec.batch, status=status, diverged_at=diverged if diverged >= 0 else None,
            steps=steps, epoch=float(race.epoch()[k]), theta=frozen(race.theta[k]), loss_history=losses,
            path_ab=frozen(path_ab), path_distance=frozen(path_distance), history_steps=history_steps, loss=loss,
            converged_at=int(converged) if converged >= 0 else None,
            critical_lr=self._critical_lr(session, spec),
            at_minimum=is_function(state.model) and state.model.minimum_reached(race.theta[k]) is not None,
            envelope=self._envelope(session, spec, losses),
            **self._sizes(session, k),
            **test_frame(session, k, self.curves, self.tests),
        )

    def _sizes(self, session, k: int) -> dict:
        """‖θ‖ along run k's loss curve, and its angle to the max-margin direction, when the
        loss curves draw them (separable data: θ grows without end, its direction settles)."""
        state, race = session.state, session.race
        if state.view.curves_y == "cost":
            return {}
        thetas = self.curves.thetas(race, k)
        out = {"size_history": frozen(np.linalg.norm(thetas, axis=1))}
        if state.view.curves_y == "angle":
            direction = self._margin_direction(session)
            if direction is not None:
                out["angle_history"] = frozen(angles_to(direction, thetas))
        return out

    def _margin_direction(self, session):
        state, derived = session.state, session.derived
        key = (state.model, state.data_version)
        if key != getattr(self, "_margin_key", None):
            self._margin_key, self._margin = key, None
            opt = derived.optimum
            separable = opt is not None and opt.status == "unbounded" and opt.loss == 0.0
            if separable and derived.optimum_current(state):
                self._margin = max_margin_direction(state.model, state.training.X, state.training.y)
            elif not derived.optimum_current(state):
                self._margin_key = None  # ask again once the optimum of these data is known
        return self._margin

    def _envelope(self, session, spec, losses) -> tuple[float, float, float] | None:
        """GD on a quadratic: each eigen-direction of the error shrinks by (1 − γλ) a step, so the
        excess cost L − L* shrinks at least by ρ² = max(1 − γλ)² a step. Only for plain full-batch
        GD on MSE, and only while the run's first cost is the cost of the start on the data now
        (an edit since makes it another race)."""
        state, derived = session.state, session.derived
        h = spec.hyper
        plain = RULE_OF[spec.optimizer] == "sgd" and h.get("momentum", 0) == 0 and h.get("weight_decay", 0) == 0
        if state.model.kind != "linear" or state.model.l1 or not plain or not len(losses) \
                or not derived.optimum_current(state):  # L1's corners: not a quadratic
            return None
        if spec.batch is not None and spec.batch < state.training.n:
            return None
        opt, curved = derived.optimum, self._stability(session)
        if opt is None or opt.status != "finite" or curved is None:
            return None
        ds = state.training
        with np.errstate(all="ignore"):
            start_loss = float(state.model.loss(state.start_theta[None], ds.X, ds.y)[0])
        if not math.isclose(float(losses[0]), start_loss, rel_tol=1e-9, abs_tol=1e-300):
            return None
        eigenvalues = curved.eigenvalues[curved.eigenvalues > 1e-12 * max(curved.lam_max, 1e-300)]
        if not eigenvalues.size:
            return None
        rho = max(abs(1.0 - h["lr"] * eigenvalues.min()), abs(1.0 - h["lr"] * eigenvalues.max()))
        excess = start_loss - float(opt.loss)
        if not rho < 1.0 or not excess > 0:
            return None
        return (rho * rho, excess, float(opt.loss))

    def _critical_lr(self, session, spec) -> float | None:
        """For a full-batch run of GD or heavy-ball momentum: 2(1 + β)/λmax of the cost's Hessian
        at the start (the whole Hessian for MSE)."""
        ds = session.state.training
        if spec.batch is not None and spec.batch < ds.n:
            return None
        curved = self._stability(session)
        return critical_lr(spec.optimizer, spec.hyper, curved.lam_max) if curved is not None else None

    def _stability(self, session):
        """The Hessian's eigenvalues at the start (engine/stability.py), recomputed when the data,
        model or start change; None for a model too large to solve every frame."""
        state = session.state
        ds, model = state.training, state.model
        key = (id(ds), state.data_version, model, state.start_theta.tobytes())
        if key != self._stability_key:
            self._stability_key, self._stability_value = key, None
            if ds.n and model.n_params <= MAX_ANALYSED_PARAMS:
                with np.errstate(all="ignore"):
                    self._stability_value = stability(model, state.start_theta, ds.X, ds.y)
        return self._stability_value

    # -- the surface --------------------------------------------------------------------------

    def _surface(self, session) -> SurfaceFrame | None:
        derived, state = session.derived, session.state
        loss = derived.surface()
        plane = derived.plane
        if loss is None or plane is None:
            return None
        thin = self.pacer.dragging() and loss.shape[0] > DRAG_GRID
        key = (derived.plane_serial, state.data_version, id(derived.evaluator), derived.evaluator.last_grid,
               derived.optimum_serial, derived.optimum_current(state), state.start_theta.tobytes(), thin,
               state.model.l2, state.model.l1, state.view.surface_log)
        if key == self._surface_key:
            return self._surface_frame
        a, b = plane.grid(loss.shape[0])
        if thin:  # every other cell: exact values, a quarter of the drawing work for the GUI
            step = int(math.ceil(loss.shape[0] / DRAG_GRID))
            a, b, loss = a[::step], b[::step], loss[::step, ::step]
        start = state.start_theta
        sa, sb, _ = plane.project(start[None, :])
        optimum_ab = direction_ab = None
        opt = derived.optimum
        if opt is not None and opt.status == "finite" and opt.theta is not None:
            oa, ob, _ = plane.project(np.asarray(opt.theta)[None, :])
            optimum_ab = (float(oa[0]), float(ob[0]))
        elif opt is not None and opt.status == "unbounded" and opt.direction is not None:
            d = np.asarray(opt.direction, dtype=np.float64)
            du, dv = float(d @ plane.u), float(d @ plane.v)
            norm = math.hypot(du, dv)
            direction_ab = (du / norm, dv / norm) if norm > 1e-12 else None
        ds = state.training
        with np.errstate(all="ignore"):
            start_loss = float(state.model.loss(start[None], ds.X, ds.y)[0])
        self._surface_frame = SurfaceFrame(
            a=frozen(a), b=frozen(b), loss=frozen(loss), a_label=plane.a_label, b_label=plane.b_label,
            kind=plane.kind, start_ab=(float(sa[0]), float(sb[0])), start_loss=start_loss,
            optimum_ab=optimum_ab, optimum_direction_ab=direction_ab, plane=plane,
            preview=derived.surface_status(state) == "preview" or thin,
            minima_ab=tuple(tuple(float(v) for v in p) for p in state.model.minima) if is_function(state.model) else (),
            picture=surface_picture(a, b, loss, state.view.surface_log),
        )
        self._surface_key = key
        return self._surface_frame

    # -- what the data view draws --------------------------------------------------------------

    def _regions_of(self, session) -> RegionFrame | None:
        state, race = session.state, session.race
        ds, model = state.dataset, state.model
        if not ds.is_classification or ds.d < 2 or ds.n == 0 or race.k == 0:
            return None
        k = min(max(state.selected_run, 0), race.k - 1)
        theta = race.theta[k]
        i, j = state.shown_features
        if not (0 <= i < ds.d and 0 <= j < ds.d):
            i, j = 0, 1
        # more than two features: the others are held at the selected sample's values, so the regions
        # agree with that point's probability bars (at their mean when no point is selected)
        held = state.selected_sample if ds.d > 2 and state.selected_sample is not None \
            and 0 <= state.selected_sample < ds.n else None
        slow = (state.data_version, model, state.features, i, j, k, held, state.threshold)
        key = (slow, theta.tobytes())
        if key == self._regions_key:
            return self._regions
        # The regions move slowly as a run learns: REGION_RATE updates a second are enough, and
        # an unchanged RegionFrame lets the data view skip redrawing its background.
        now = self.pacer.clock()
        # (a paused or finished race gets its last regions at once: they carry the mistakes shown)
        if self._regions_key is not None and self._regions_key[0] == slow and session.racing \
                and now - self._regions_time < 1.0 / REGION_RATE:
            return self._regions
        self._regions_time = now
        X = ds.X
        x_range = _padded_range(X[:, i])
        y_range = _padded_range(X[:, j])
        gx, gy = np.meshgrid(np.linspace(*x_range, REGION_GRID), np.linspace(*y_range, REGION_GRID))  # row = y
        grid = np.tile(X[held] if held is not None else X.mean(axis=0), (gx.size, 1))
        grid[:, i] = gx.ravel()
        grid[:, j] = gy.ravel()
        with np.errstate(all="ignore"):
            proba = _class_probabilities(model, theta[None, :], state.model_inputs(grid))[0]
        proba = np.nan_to_num(proba, nan=1.0 / proba.shape[-1])
        predicted = metrics.predictions(model, theta[None, :], state.design.X, state.threshold)[0]
        proba = frozen(proba.reshape(REGION_GRID, REGION_GRID, -1))
        bx, by = decision_boundary(proba, x_range, y_range, state.threshold)  # ~1-3 ms kept off the GUI thread
        self._regions = RegionFrame(x_range, y_range, proba, run=k,
                                    held_sample=held, held_features=max(ds.d - 2, 0),
                                    wrong=frozen(predicted != ds.y.astype(np.int64)), predicted=frozen(predicted),
                                    threshold=float(state.threshold), boundary=(frozen(bx), frozen(by)))
        self._regions_key = key
        return self._regions

    def _fit(self, session) -> FitFrame | None:
        """Each run's line (regression) or S-curve (one feature, two classes) over the shown feature."""
        state, race = session.state, session.race
        ds, model = state.dataset, state.model
        one_feature_binary = ds.task == "binary" and ds.d == 1
        if not (ds.task == "regression" or one_feature_binary) or ds.n == 0 or ds.d == 0:
            return None
        f = state.shown_features[0] if ds.task == "regression" and 0 <= state.shown_features[0] < ds.d else 0
        lo, hi = float(ds.X[:, f].min()), float(ds.X[:, f].max())
        span = (hi - lo) or max(abs(hi), 1.0)
        linear = model.kind == "linear" and state.features is None  # a polynomial is drawn point by point
        x = np.linspace(lo - FIT_REACH * span, hi + FIT_REACH * span, 2 if linear else FIT_POINTS)
        inputs = np.repeat(ds.X.mean(axis=0)[None], len(x), axis=0)
        inputs[:, f] = x
        inputs = state.model_inputs(inputs)
        with np.errstate(all="ignore"):
            if model.kind == "linear":
                y = model.predict_proba(race.theta, inputs)
            else:
                y = _class_probabilities(model, race.theta, inputs)[..., -1]
        y = np.where(np.isfinite(y), y, np.nan)
        predictions = None
        if model.kind == "linear" and race.k:
            k = min(max(state.selected_run, 0), race.k - 1)
            with np.errstate(all="ignore"):
                predictions = frozen(model.predict_proba(race.theta[k][None], state.design.X)[0])
        return FitFrame(frozen(x), frozen(y), predictions, linear)

    def _sample_output(self, session) -> np.ndarray | None:
        state, race = session.state, session.race
        i, ds, model = state.selected_sample, state.design, state.model
        if i is None or not 0 <= i < ds.n or race.k == 0:
            return None
        with np.errstate(all="ignore"):
            if model.kind == "linear":
                out = model.predict_proba(race.theta, ds.X[i : i + 1])[:, 0]
            else:
                out = _class_probabilities(model, race.theta, ds.X[i : i + 1])[:, 0]
        return frozen(out)


def _class_probabilities(model, theta, X) -> np.ndarray:
    """[K, N, C] probabilities of every class (logistic: C = 2, P(class 0) and P(class 1))."""
    proba = model.predict_proba(theta, X)
    if model.kind == "logistic":
        proba = np.stack([1.0 - proba, proba], axis=-1)
    return proba


def _padded_range(values: np.ndarray, pad: float = 0.1) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - pad * span, hi + pad * span
