"""The compliance guard (pure): may this contact go out now, later, or never?

``guard.check(contact, ctx, policy, on) -> Verdict`` (allowed / deferred with the next allowed
moment / refused, with French reasons); ``rules`` holds one small named function per rule;
``policy.ContactPolicy`` the caps and hours (good practice, not law: C. conso L121-6 and
L121-7 3° forbid pressure, they fix no hours);
``context`` the contact (``OutgoingContact``) and the debtor's situation (``GuardContext``).
``on`` is a naive Europe/Paris local time. docs/compliance.md explains every rule.
"""
