/**
 * The account emails (SPEC §3.2). Plain text first: they must read well in any client. Links
 * carry a single-use token; a password is never sent.
 */
export interface AccountEmail {
  subject: string;
  text: string;
}

interface Person {
  displayName: string;
  username: string | null;
}

export function registrationEmail(person: Person, setPasswordUrl: string): AccountEmail {
  return {
    subject: "Your account is ready",
    text: [
      `Hello ${person.displayName},`,
      "",
      "Your help-center account is ready.",
      `Your username: ${person.username}`,
      "",
      "Choose your password with this link (it works once and expires in 72 hours):",
      setPasswordUrl,
      "",
      "If you did not ask for an account, you can ignore this email.",
    ].join("\n"),
  };
}

export function confirmRegistrationEmail(person: Person, confirmUrl: string): AccountEmail {
  return {
    subject: "Confirm your email address to activate your account",
    text: [
      `Hello ${person.displayName},`,
      "",
      "Thank you for registering. Confirm your email address to activate your account:",
      confirmUrl,
      "",
      "The link works once and expires in 48 hours. If you did not register, ignore this email.",
    ].join("\n"),
  };
}

export function verificationEmail(person: Person, confirmUrl: string): AccountEmail {
  return {
    subject: "Confirm your email address",
    text: [
      `Hello ${person.displayName},`,
      "",
      "Please confirm that this is your email address:",
      confirmUrl,
      "",
      "The link works once and expires in 48 hours.",
    ].join("\n"),
  };
}

export function invitationEmail(person: Person, setPasswordUrl: string, hours: number): AccountEmail {
  return {
    subject: "You are invited to Roster",
    text: [
      `Hello ${person.displayName},`,
      "",
      "You have been invited to join the support team in Roster.",
      `Choose your password with this link (it works once and expires in ${hours} hours):`,
      setPasswordUrl,
      "",
      "Then sign in with your email address and that password.",
    ].join("\n"),
  };
}

export function passwordResetEmail(person: Person, resetUrl: string): AccountEmail {
  return {
    subject: "Reset your password",
    text: [
      `Hello ${person.displayName},`,
      "",
      "Someone asked to reset the password of your account. Choose a new one with this link:",
      resetUrl,
      "",
      "The link works once and expires in 1 hour. Setting a new password signs you out everywhere.",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}
