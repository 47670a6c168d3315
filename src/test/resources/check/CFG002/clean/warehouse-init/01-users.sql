CREATE USER analytics PASSWORD 'other';
