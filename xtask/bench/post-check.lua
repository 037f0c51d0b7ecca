-- wrk script for the bench: POST /api/check with a small JSON body.
wrk.method = "POST"
wrk.body = '{"v":1}'
wrk.headers["Content-Type"] = "application/json"
