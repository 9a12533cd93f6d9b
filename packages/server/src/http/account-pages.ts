/**
 * The small pages behind the links in account emails: confirm an email address, set a password
 * (from a registration, an agent's invitation or a password reset).
 * Plain server-rendered HTML (they are opened from a mail client, by people who are not agents),
 * posting a form to themselves rather than to /graphql, whose CSRF prevention refuses forms.
 */
import express, { type Request, type Response } from "express";
import type { Clock } from "../common/clock";
import { DomainError } from "../common/errors";
import { UserKind } from "../modules/users/user.enums";
import type { Services } from "../services";

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);

function page(response: Response, status: number, title: string, body: string): void {
  response
    .status(status)
    .type("html")
    .setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .setHeader("Referrer-Policy", "no-referrer")
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1a1b1e}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.error{color:#c92a2a}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

/** A refusal in words; anything unexpected is passed on to be logged. */
function failure(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  throw error;
}

const tokenOf = (request: Request): string =>
  typeof request.query.token === "string" ? request.query.token : String(request.body?.token ?? "");

export function accountPages(services: Services, clock: Clock): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: "10kb" }));

  // The link only opens a page: mail scanners and link previews fetch it, and must not use the
  // single-use token. The button posts it back here, which confirms.
  router.get("/confirm-email", (request, response) => {
    page(
      response,
      200,
      "Confirm your email address",
      `<form method="post"><input type="hidden" name="token" value="${escapeHtml(tokenOf(request))}">
<p>Press the button to confirm that this email address is yours.</p><button type="submit">Confirm my email address</button></form>`,
    );
  });

  router.post("/confirm-email", async (request, response) => {
    try {
      const user = await services.lifecycle.confirmEmail(tokenOf(request), clock(), request.ip);
      page(
        response,
        200,
        "Email address confirmed",
        `<p>Thank you, ${escapeHtml(user.displayName)}: ${escapeHtml(user.email ?? "")} is confirmed.</p>`,
      );
    } catch (error) {
      page(response, 400, "This link cannot be used", `<p class="error">${escapeHtml(failure(error))}</p>`);
    }
  });

  const setPasswordForm = (token: string, message = "") =>
    `${message ? `<p class="error">${escapeHtml(message)}</p>` : ""}<form method="post">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">New password (8 to 128 characters)</label><input id="password" name="password" type="password" minlength="8" maxlength="128" required autocomplete="new-password">
<label for="confirm">The same again</label><input id="confirm" name="confirm" type="password" minlength="8" required autocomplete="new-password">
<button type="submit">Set password</button></form>`;

  router.get("/set-password", (request, response) => {
    page(response, 200, "Choose your password", setPasswordForm(tokenOf(request)));
  });

  router.post("/set-password", async (request, response) => {
    const token = tokenOf(request);
    const password = String(request.body?.password ?? "");
    if (password !== String(request.body?.confirm ?? "")) {
      page(response, 400, "Choose your password", setPasswordForm(token, "The two passwords differ."));
      return;
    }
    try {
      // The same page serves registration, invitation and reset links.
      const user = await services.lifecycle.setPassword(token, password, clock(), undefined, request.ip);
      const where = user.kind === UserKind.AGENT ? "Roster" : "the help center";
      page(response, 200, "Your password is set", `<p>You can now sign in to ${where} with it.</p>`);
    } catch (error) {
      page(response, 400, "Choose your password", setPasswordForm(token, failure(error)));
    }
  });
  return router;
}
