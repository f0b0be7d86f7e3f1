"""The web application's accounts: who may sign in, with which role, and what each one sees.

``model`` (roles, users, sessions, the scope of what a user may read), ``ports`` (the account
store, the password hasher), ``accounts`` (add, list, disable, change a password: the use cases
of ``recouvre user``), ``sessions`` (sign in with its rate limit, sign out, find the session
of a request) and ``scope`` (the one rule of who reads which case).
"""
