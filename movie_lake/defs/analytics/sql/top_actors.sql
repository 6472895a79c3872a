-- The 10 actors in the most films (cast credits); ties broken by name.
select c.person_id, p.name, count(distinct c.movie_id) as films
from refined.fact_cast c
join refined.dim_person p on p.person_id = c.person_id
group by c.person_id, p.name
order by films desc, p.name, c.person_id
limit 10
