-- wrk script for the bench: POST /api/check with the observations a healthy browser sends.
wrk.method = "POST"
wrk.body = '{"v":1,"clock":{"offset_ms":3.5,"error_bound_ms":2.0},"cookies_enabled":true,' ..
  '"cookie_write_read":true,"cookie_probe":false,"local_storage":true,"session_storage":true,' ..
  '"secure_context":true,"loopback_host":true,"loaded_version":"2026.11.1","service_workers":[],' ..
  '"storage_usage":1000,"storage_quota":100000000,"probes":[]}'
wrk.headers["Content-Type"] = "application/json"
