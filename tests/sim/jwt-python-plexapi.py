"""
A manual check, not part of the test run: python-plexapi's own MyPlexJWTLogin (pushingkarmaorg/python-plexapi,
plexapi/myplex.py), unchanged but for its two base URLs, completes both JWT journeys of plex-api.md §9 against
the simulator. Needs a python-plexapi checkout on PYTHONPATH, PyJWT >= 2.10 (Debian 12's 2.6 cannot sign with a
PyJWK), cryptography and requests, and a running simulator:

    SIM_PORT=46010 npx tsx sim/main.ts &
    PYTHONPATH=path/to/python-plexapi:path/to/pyjwt python3 tests/sim/jwt-python-plexapi.py

Last run (December 2026, python-plexapi 4ffb295d, PyJWT 2.15.1): every line below printed True / alexplex / 401
where the comment says so.
"""
import json
import os
import urllib.error
import urllib.request
import uuid

import plexapi.myplex as myplex

SIM = os.environ.get('SIM_URL', 'http://127.0.0.1:46010')
myplex.MyPlexJWTLogin.PINS = SIM + '/api/v2/pins'
myplex.MyPlexJWTLogin.AUTH = SIM + '/api/v2/auth'


def control(path, body):
    request = urllib.request.Request(SIM + path, data=json.dumps(body).encode(), method='POST')
    return json.loads(urllib.request.urlopen(request).read())


def username(token, client):
    headers = {'Accept': 'application/json', 'X-Plex-Client-Identifier': client, 'X-Plex-Token': token}
    try:
        return json.loads(urllib.request.urlopen(urllib.request.Request(SIM + '/api/v2/user', headers=headers)).read())['username']
    except urllib.error.HTTPError as e:
        return e.code


# Option A: a 4-character pin with the JWK, polled with a device JWT
client = str(uuid.uuid4())
login = myplex.MyPlexJWTLogin(headers={'X-Plex-Client-Identifier': client, 'X-Plex-Product': 'python-plexapi'}, scopes=['username', 'email', 'friendly_name'])
login.generateKeypair()
login.run(timeout=30)
print('linked as owner:', control('/__sim/link', {'code': login.pin, 'account': 'owner'}))  # {'status': 204}
print('waitForLogin:', login.waitForLogin())  # True
print('thumbprint is the kid:', login.decodedJWT['thumbprint'] == login._keyID)  # True (signature checked against /auth/keys)
print('verifyJWT:', login.verifyJWT())  # True
first = login.jwtToken
print('refreshJWT gives a new token:', login.refreshJWT() != first)  # True
print('/api/v2/user with it:', username(login.jwtToken, client))  # alexplex

# Option B: register the key with a legacy token, exchange; the legacy token then stops working
client = str(uuid.uuid4())
legacy = 'owner-token-AAAAAAAAAAAA'
migrate = myplex.MyPlexJWTLogin(headers={'X-Plex-Client-Identifier': client, 'X-Plex-Product': 'python-plexapi'}, token=legacy, scopes=['username'])
migrate.generateKeypair()
migrate.registerDevice()
token = migrate.refreshJWT()
print('verifyJWT after migration:', migrate.verifyJWT())  # True
print('legacy token after the exchange:', username(legacy, client))  # 401
print('the JWT:', username(token, client))  # alexplex
