-- Directors and the actors they worked with in at least 2 films (a director acting in their
-- own film is not a pair).
with directors as (
    select distinct movie_id, person_id from refined.fact_crew where job = 'Director'
),
actors as (
    select distinct movie_id, person_id from refined.fact_cast
),
pairs as (
    select d.person_id as director_id, a.person_id as actor_id, count(*) as films
    from directors d
    join actors a on a.movie_id = d.movie_id
    where a.person_id <> d.person_id
    group by d.person_id, a.person_id
    having count(*) >= 2
)
select p.director_id, dp.name as director_name, p.actor_id, ap.name as actor_name, p.films
from pairs p
join refined.dim_person dp on dp.person_id = p.director_id
join refined.dim_person ap on ap.person_id = p.actor_id
order by p.films desc, director_name, actor_name
